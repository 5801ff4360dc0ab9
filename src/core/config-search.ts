import { rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
// cosmiconfig's own loaders (parse-json, js-yaml), without its explorer: syncstat searches its own
// places (config-probe.ts), reads each file bounded, and has no `$import` or meta config that could
// pull in other files.
import { loadJson, loadYaml } from 'cosmiconfig/dist/loaders.js';
import { checkBoundedFile, LocalFileError, readBoundedFile, formatBytes } from './bounded-read.js';
import { CONFIG_MAX_BYTES, configCandidates, PACKAGE_KEY } from './config-probe.js';
import { AuthError } from './errors.js';
import { fsReason } from './fs-error.js';

/** A config file larger than this many values once YAML aliases are expanded is refused (an alias bomb). */
export const CONFIG_MAX_VALUES = 50_000;
/** ... or holding more than this many characters of text in all. */
export const CONFIG_MAX_TEXT = 4 * CONFIG_MAX_BYTES;
const MAX_DEPTH = 64;

export interface FoundConfig {
  filepath: string;
  /** Plain data (objects, arrays, scalars); undefined for an empty file. */
  config: unknown;
}

const JS_EXTENSIONS = new Set(['.js', '.cjs', '.mjs', '.ts']);

/**
 * The config file: `explicitPath` (--config), else the first of the candidates (config-probe.ts)
 * that exists. Every problem is an AuthError (exit 3) that names the file.
 */
export async function findConfig(explicitPath: string | undefined, cwd: string, home: string, env: Record<string, string | undefined>): Promise<FoundConfig | null> {
  if (explicitPath) {
    const filepath = resolve(cwd, explicitPath);
    return { filepath, config: await loadFile(filepath, basename(filepath) === 'package.json', true) };
  }
  for (const c of configCandidates(cwd, home, env)) {
    if (c.packageJson) {
      const config = readPackageJson(c.path);
      if (config !== NOT_HERE) return { filepath: c.path, config };
      continue;
    }
    if (!isPresent(c.path)) continue;
    return { filepath: c.path, config: await loadFile(c.path, false, false) };
  }
  return null;
}

/** A file or something else at the path, but not a folder (a folder named .statusrc is passed over). */
function isPresent(path: string): boolean {
  try {
    return !statSync(path).isDirectory();
  } catch {
    return false;
  }
}

const NOT_HERE = Symbol('no syncstat key');

/** package.json's "syncstat" key; NOT_HERE when the file is missing, unreadable, too large or has no key. */
function readPackageJson(path: string): unknown {
  let text: string;
  try {
    text = readBoundedFile(path, CONFIG_MAX_BYTES);
  } catch {
    return NOT_HERE;
  }
  if (!text.includes(`"${PACKAGE_KEY}"`)) return NOT_HERE;
  const parsed = parse(path, text, '.json') as Record<string, unknown> | null;
  if (!parsed || typeof parsed !== 'object' || !Object.hasOwn(parsed, PACKAGE_KEY)) return NOT_HERE;
  return toPlainData(path, parsed[PACKAGE_KEY]);
}

async function loadFile(path: string, packageJson: boolean, explicit: boolean): Promise<unknown> {
  const ext = extname(path);
  try {
    if (JS_EXTENSIONS.has(ext)) {
      checkBoundedFile(path, CONFIG_MAX_BYTES);
    } else {
      const text = readBoundedFile(path, CONFIG_MAX_BYTES);
      const data = parse(path, text, ext) as Record<string, unknown> | undefined;
      return toPlainData(path, packageJson ? data?.[PACKAGE_KEY] : data);
    }
  } catch (err) {
    throw fileError(path, err, explicit);
  }
  let loaded: unknown;
  try {
    loaded = ext === '.ts' ? await loadTsConfig(path) : await loadJsConfig(path);
  } catch (err) {
    throw new AuthError(`cannot load config file ${path}: ${firstLine(err)}`, { code: 'CONFIG', suggestion: 'Fix the file, or point --config at another one' });
  }
  return toPlainData(path, loaded);
}

function fileError(path: string, err: unknown, explicit: boolean): AuthError {
  if (err instanceof AuthError) return err;
  if (err instanceof LocalFileError) {
    return new AuthError(`config file ${path} ${err.message}`, {
      code: 'CONFIG',
      suggestion: err.reason === 'too-large' ? `A config file holds at most ${formatBytes(CONFIG_MAX_BYTES)}` : 'Name a regular file',
    });
  }
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' && explicit) return new AuthError(`config file ${path} does not exist`, { code: 'CONFIG', suggestion: 'Check the path given to --config' });
  return new AuthError(`cannot read config file ${path}: ${fsReason(err)}`, { code: 'CONFIG', suggestion: 'Fix the file, or point --config at another one' });
}

/** JSON for .json, YAML (which JSON is part of) for everything else, as cosmiconfig does. Empty: undefined. */
function parse(path: string, text: string, ext: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return ext === '.json' ? loadJson(path, text) : loadYaml(path, text);
  } catch (err) {
    throw new AuthError(`cannot read config file ${path}: ${parseErrorReason(err)}`, { code: 'CONFIG', suggestion: 'Fix the file, or point --config at another one' });
  }
}

/** The line that says what is wrong: loaders start with "YAML Error in <file>:" and end with a code frame. */
function parseErrorReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const lines = message.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return lines.find((l) => !/^(YAML|JSON) Error in .*:$/.test(l)) ?? lines[0] ?? 'unknown error';
}

function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const line = message.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? 'unknown error';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/**
 * A copy of the file's data as plain objects, arrays and scalars, made once: every getter of a
 * JavaScript config runs here (one that throws is this file's error, exit 3), and YAML aliases are
 * expanded here under a budget, so an alias bomb (a few lines that expand to millions of values) is
 * refused in milliseconds instead of taking the validator's time and memory.
 */
export function toPlainData(path: string, value: unknown): unknown {
  let values = 0;
  let text = 0;
  const tooBig = () =>
    new AuthError(`config file ${path} expands to more than ${CONFIG_MAX_VALUES.toLocaleString('en-US')} values or ${formatBytes(CONFIG_MAX_TEXT)} of text (YAML aliases?)`, {
      code: 'CONFIG',
      suggestion: 'Write the settings out, without aliases that repeat large parts',
    });
  const copy = (v: unknown, depth: number): unknown => {
    if (++values > CONFIG_MAX_VALUES) throw tooBig();
    if (typeof v === 'string') {
      if ((text += v.length) > CONFIG_MAX_TEXT) throw tooBig();
      return v;
    }
    if (v === null || typeof v !== 'object') return v;
    if (depth > MAX_DEPTH) throw new AuthError(`config file ${path} nests deeper than ${MAX_DEPTH} levels`, { code: 'CONFIG', suggestion: 'Fix the file' });
    if (Array.isArray(v)) return Array.from(v, (x) => copy(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v)) {
      if ((text += key.length) > CONFIG_MAX_TEXT) throw tooBig();
      out[key] = copy((v as Record<string, unknown>)[key], depth + 1);
    }
    return out;
  };
  try {
    return copy(value, 0);
  } catch (err) {
    if (err instanceof AuthError) throw err;
    throw new AuthError(`config file ${path}: reading its values failed: ${firstLine(err)}`, { code: 'CONFIG', suggestion: 'Fix the file, or point --config at another one' });
  }
}

/** ESM or CommonJS: import() gives module.exports as `default` for the latter. */
async function loadJsConfig(filepath: string): Promise<unknown> {
  const { importEsm } = await import('./import-esm.js');
  return (await importEsm(pathToFileURL(filepath).href)).default;
}

/** As cosmiconfig does it: transpile with the project's TypeScript, import the output, delete it. */
async function loadTsConfig(filepath: string): Promise<unknown> {
  const { importEsm } = await import('./import-esm.js');
  const ts = (await importEsm('typescript')).default as typeof import('typescript');
  const compiled = `${filepath}.${process.pid}-${Date.now()}.mjs`;
  try {
    const output = ts.transpileModule(readBoundedFile(filepath, CONFIG_MAX_BYTES), { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 } }).outputText;
    writeFileSync(compiled, output);
    return await loadJsConfig(compiled);
  } finally {
    rmSync(compiled, { force: true });
  }
}

import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cosmiconfigSync, getDefaultSearchPlaces, type CosmiconfigResult, type LoaderSync } from 'cosmiconfig';
import { globalConfigDir } from './config-probe.js';

const MODULE_NAME = 'status';

/** Stands in for a JavaScript or TypeScript config file during the search; loaded afterwards. */
const LOAD_LATER = Symbol('load later');
const loadLater: LoaderSync = () => ({ [LOAD_LATER]: true });

/**
 * cosmiconfig's search (module "status": `.statusrc*`, `status.config.*`, package.json "status", then
 * the user's config directory), run synchronously: JSON and YAML files, the common case, then load
 * without node:fs/promises (scripts/build.mjs makes cosmiconfig's copy lazy). A JavaScript or
 * TypeScript file found is loaded afterwards through import(), which must come from outside the
 * code-cached bundle (import-esm). One difference from cosmiconfig's async search: a JS file that
 * exports nothing ends the search instead of letting it go on up the tree.
 */
export async function findConfig(explicitPath: string | undefined, cwd: string, home: string, env: Record<string, string | undefined>): Promise<CosmiconfigResult> {
  const explorer = cosmiconfigSync(MODULE_NAME, {
    searchStrategy: 'global',
    // The async search's places: the sync defaults leave out the .mjs ones.
    searchPlaces: getDefaultSearchPlaces(MODULE_NAME),
    loaders: { '.js': loadLater, '.mjs': loadLater, '.cjs': loadLater, '.ts': loadLater },
  });
  let found = explicitPath ? explorer.load(explicitPath) : explorer.search(cwd);
  // The sync search's last stop, the user's config directory, has no config.mjs either.
  const globalMjs = join(globalConfigDir(home, env, process.platform), 'config.mjs');
  if (!found && !explicitPath && existsSync(globalMjs)) found = { filepath: globalMjs, config: { [LOAD_LATER]: true } };
  if (!found || !(found.config as Record<symbol, unknown> | undefined)?.[LOAD_LATER]) return found;
  const config = extname(found.filepath) === '.ts' ? await loadTsConfig(found.filepath) : await loadJsConfig(found.filepath);
  return config === undefined || config === null ? { filepath: found.filepath, config: undefined, isEmpty: true } : { filepath: found.filepath, config };
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
    const output = ts.transpileModule(readFileSync(filepath, 'utf8'), { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 } }).outputText;
    writeFileSync(compiled, output);
    return await loadJsConfig(compiled);
  } finally {
    rmSync(compiled, { force: true });
  }
}

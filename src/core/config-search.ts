import { rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { cosmiconfig, type CosmiconfigResult, type Loader } from 'cosmiconfig';
import { importEsm } from './import-esm.js';

const MODULE_NAME = 'status';

/**
 * cosmiconfig's search (module "status": `.statusrc*`, `status.config.*`, package.json "status", then
 * the user's config directory). JavaScript and TypeScript config files load through importEsm:
 * cosmiconfig's own loaders call import(), which the code-cached bundle cannot run.
 */
export function findConfig(explicitPath: string | undefined, cwd: string): Promise<CosmiconfigResult> {
  const explorer = cosmiconfig(MODULE_NAME, {
    searchStrategy: 'global',
    loaders: { '.js': loadJsConfig, '.mjs': loadJsConfig, '.cjs': loadJsConfig, '.ts': loadTsConfig },
  });
  return explicitPath ? explorer.load(explicitPath) : explorer.search(cwd);
}

/** ESM or CommonJS: import() gives module.exports as `default` for the latter. */
const loadJsConfig: Loader = async (filepath) => (await importEsm(pathToFileURL(filepath).href)).default ?? null;

/** As cosmiconfig does it: transpile with the project's TypeScript, import the output, delete it. */
const loadTsConfig: Loader = async (filepath, content) => {
  const ts = (await importEsm('typescript')).default as typeof import('typescript');
  const compiled = `${filepath}.${process.pid}-${Date.now()}.mjs`;
  try {
    const output = ts.transpileModule(content, { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 } }).outputText;
    writeFileSync(compiled, output);
    return await loadJsConfig(compiled, output);
  } finally {
    rmSync(compiled, { force: true });
  }
};

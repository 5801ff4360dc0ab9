// Bundles the CLI with esbuild into CommonJS (no ES module loader to start: start-up time is a feature):
//   dist/main.cjs        the whole CLI; providers, renderers and the simulator sit in lazy init wrappers
//                        and run only when their command does
//   dist/launch.cjs      what bin/syncstat.cjs runs (but for --version): main.cjs through a V8 code cache
//   dist/import-esm.cjs  the one import(), outside the code cache (ES module config files)
//   dist/help.json       piped `--help` of the program and of every command, which bin/syncstat.cjs serves
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TEXT_LOADERS } from './bundle-harness.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

/**
 * The provider lists in schema/*.json and .statusrc.example come from the registry: scripts/gen-schemas.ts
 * (bundled here, the providers' lazy code left out) rewrites the files whose derived parts changed.
 */
async function generateSchemas() {
  const dir = mkdtempSync(join(tmpdir(), 'syncstat-gen-'));
  try {
    const outfile = join(dir, 'gen-schemas.mjs');
    const lazyOut = { name: 'lazy-out', setup: (b) => b.onResolve({ filter: /.*/ }, (a) => (a.kind === 'dynamic-import' ? { path: a.path, external: true } : undefined)) };
    await build({ entryPoints: ['scripts/gen-schemas.ts'], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning', plugins: [lazyOut] });
    const { deriveFiles } = await import(pathToFileURL(outfile).href);
    const root = new URL('../', import.meta.url);
    for (const [file, text] of Object.entries(deriveFiles(root))) {
      if (readFileSync(new URL(file, root), 'utf8') !== text) {
        writeFileSync(new URL(file, root), text);
        console.log(`build: regenerated ${file} from the provider registry`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
await generateSchemas();

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: process.env.SYNCSTAT_NO_MINIFY !== '1',
  legalComments: 'none',
  logLevel: 'warning',
  define: { __SYNCSTAT_VERSION__: JSON.stringify(pkg.version) },
  loader: TEXT_LOADERS,
};

/**
 * Built-ins that dependencies require at load time for paths syncstat never takes, each costing more
 * to load than the dependency itself: commander's child_process (executable subcommands), and
 * cosmiconfig's crypto and fs/promises (its async explorer and JS/TS loaders;
 * src/core/config-search.ts uses only its JSON and YAML loaders and brings its own JS/TS loading). They get a stand-in
 * that loads the real module on first use.
 */
const LAZY_BUILTINS = { commander: ['child_process'], cosmiconfig: ['crypto', 'fs/promises'] };

const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    b.onResolve({ filter: /^(node:)?(child_process|crypto|fs\/promises)$/ }, (args) => {
      const builtin = args.path.replace(/^node:/, '');
      const owner = Object.keys(LAZY_BUILTINS).find((dep) => args.importer.replaceAll('\\', '/').includes(`/node_modules/${dep}/`));
      return owner && LAZY_BUILTINS[owner].includes(builtin) ? { path: builtin, namespace: 'lazy-builtin' } : undefined;
    });
    // __esModule is answered without loading: interop helpers ask for it when the module is required.
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents: `module.exports = new Proxy({}, { get: (_, key) => (key === '__esModule' ? undefined : require('node:${args.path}')[key]) });`,
      loader: 'js',
    }));
  },
};

/** main.cjs requires dist/import-esm.cjs (built below) instead of bundling it. */
const importEsmApart = {
  name: 'import-esm-apart',
  setup(b) {
    b.onResolve({ filter: /\/import-esm\.js$/ }, () => ({ path: './import-esm.cjs', external: true }));
  },
};

/**
 * One js-yaml in the bundle: cosmiconfig require()s its CommonJS build, and `-o yaml`
 * (src/render/yaml.ts) imports the package, which would add its ES module build beside it.
 */
const oneJsYaml = {
  name: 'one-js-yaml',
  setup(b) {
    b.onResolve({ filter: /^js-yaml$/ }, () => ({ path: createRequire(import.meta.url).resolve('js-yaml') }));
  },
};

/** Keep in step with the options in src/core/config-validator.ts. */
const CONFIG_AJV_OPTIONS = { allErrors: true, strict: true, allowUnionTypes: true };

/**
 * src/core/config-validator.ts compiles schema/config.schema.json with ajv when run from source; the
 * bundle gets ajv's standalone code for it instead: no ajv, no compile step at run time.
 */
const configValidatorStandalone = {
  name: 'config-validator-standalone',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]core[\\/]config-validator\.ts$/ }, () => {
      const schemaPath = fileURLToPath(new URL('../schema/config.schema.json', import.meta.url));
      const ajv = new Ajv({ ...CONFIG_AJV_OPTIONS, code: { source: true, esm: true } });
      const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
      return { contents: standaloneCode.default(ajv, validate), loader: 'js', resolveDir: fileURLToPath(new URL('../src/core', import.meta.url)), watchFiles: [schemaPath] };
    });
  },
};

await build({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/main.cjs',
  // undici (535 KB) is needed only behind a proxy: a runtime dependency, required when used. cosmiconfig
  // mentions typescript for .ts config files (src/core/config-search.ts loads those): never bundle a compiler.
  external: ['undici', 'typescript'],
  plugins: [lazyBuiltins, importEsmApart, configValidatorStandalone, oneJsYaml],
  // import() does not work in code restored from a V8 code cache (src/cli/code-cache.ts): lazy imports
  // of our own modules become lazy init calls, of external ones require(). ES modules (config files)
  // load through dist/import-esm.cjs.
  supported: { 'dynamic-import': false },
});

// The one place import() runs: a file Node loads the usual way, outside the code cache.
await build({ ...common, entryPoints: ['src/core/import-esm.ts'], outfile: 'dist/import-esm.cjs' });

/**
 * dist/help.json: `syncstat [<command>] --help` as printed to a pipe, rendered by the program itself
 * (src/cli/help-table.ts), for every command. bin/syncstat.cjs serves it without loading the CLI:
 * help in a pipe started about as slowly as a query, commander's help formatting and the stdout stream
 * being most of it.
 */
const { renderHelpTable } = createRequire(import.meta.url)('../dist/main.cjs');
writeFileSync(new URL('../dist/help.json', import.meta.url), JSON.stringify(await renderHelpTable()));

const bundle = readFileSync(fileURLToPath(new URL('../dist/main.cjs', import.meta.url)), 'utf8');
if (/\bimport\(/.test(bundle)) {
  throw new Error('dist/main.cjs calls import(), which fails under the code cache: make that dependency external or require() it');
}
/**
 * launch.cjs reads the command names from the provider registry, whose specs load each command's code
 * with import(): the launcher never runs a command, so that code stays out of it (main.cjs has it).
 */
const noLazyCode = {
  name: 'no-lazy-code',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => (args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined));
  },
};

const bundleHash = createHash('sha256').update(bundle).digest('hex').slice(0, 16);
await build({
  ...common,
  entryPoints: ['src/cli/launch.ts'],
  outfile: 'dist/launch.cjs',
  plugins: [noLazyCode],
  define: { ...common.define, __SYNCSTAT_BUNDLE_HASH__: JSON.stringify(bundleHash) },
});

/** man/syncstat.1 from the help topics and every command's --help (scripts/man-page.mjs): needs the bundle above. */
async function buildManPage() {
  const { writeManPage } = await import('./man-page.mjs');
  await writeManPage(new URL('../', import.meta.url), pkg.version);
}
await buildManPage();

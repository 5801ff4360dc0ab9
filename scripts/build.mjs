// Bundles the CLI with esbuild: one small entry chunk, and a chunk per provider/renderer/simulator
// that is only loaded when its command runs (start-up time is a feature).
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

await build({
  entryPoints: { main: 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: process.env.SYNCSTAT_NO_MINIFY !== '1',
  // cosmiconfig loads TypeScript only for .ts config files; never bundle a compiler.
  external: ['typescript'],
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  define: { __SYNCSTAT_VERSION__: JSON.stringify(pkg.version) },
  // CommonJS dependencies (commander, cosmiconfig, cli-table3) call require() for Node built-ins.
  banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
  logLevel: 'warning',
});

// One way to bundle syncstat's TypeScript for plain node: the build and the bench harnesses share it.
import { build } from 'esbuild';

/** Help topics (docs/help/*.md) and completion scripts are text files bundled as strings. */
export const TEXT_LOADERS = { '.md': 'text', '.bash': 'text', '.zsh': 'text', '.fish': 'text', '.ps1': 'text' };

/** Bundles an in-process harness (scripts/*.ts) into an ES module at `outfile` that plain node can run. */
export async function bundleHarness(entry, outfile) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    define: { __SYNCSTAT_VERSION__: '"bench"' },
    loader: TEXT_LOADERS,
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  return outfile;
}

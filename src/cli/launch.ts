// What bin/syncstat.cjs runs for everything but `--version`: loads the CLI bundle through a V8 code
// cache (compiling the bundle was most of syncstat's start-up) and runs it.
/** Hash of dist/main.cjs, written in by scripts/build.mjs: the code cache's key. */
declare const __SYNCSTAT_BUNDLE_HASH__: string;

import { codeCacheDir, requireWithCodeCache } from './code-cache.js';

// This file is bundled to CommonJS next to main.cjs, so __dirname is dist/.
const cli = requireWithCodeCache(__dirname, 'main.cjs', __SYNCSTAT_BUNDLE_HASH__, codeCacheDir(process.env)) as typeof import('./main.js');
void cli.main(process.argv.slice(2));

// What bin/syncstat.cjs runs for everything but `--version`: loads the CLI bundle through a V8 code
// cache (compiling the bundle was most of syncstat's start-up) and runs it.
/** Hash of dist/main.cjs, written in by scripts/build.mjs: the code cache's key. */
declare const __SYNCSTAT_BUNDLE_HASH__: string;

import { codeCacheDir, requireWithCodeCache } from './code-cache.js';
import { isCommandName } from './command-names.js';

const argv = process.argv.slice(2);
// One cache per command: each holds the functions its own command runs (a first run of --help must
// not leave `status` in a loop compiling its code every time).
// `<command> --help` runs other code than the command itself, so it gets a cache of its own too.
const help = argv.includes('--help') || argv.includes('-h');
const variant = `${isCommandName(argv[0]) ? argv[0] : 'other'}${help ? '-help' : ''}`;
// This file is bundled to CommonJS next to main.cjs, so __dirname is dist/.
const cli = requireWithCodeCache({ dir: __dirname, name: 'main.cjs', key: __SYNCSTAT_BUNDLE_HASH__, variant }, codeCacheDir(process.env)) as typeof import('./main.js');
void cli.main(argv);

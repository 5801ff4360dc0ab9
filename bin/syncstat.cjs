#!/usr/bin/env node
// Thin shim, in CommonJS: no ES module loader to start. `--version` answers here, before anything else
// loads (start-up time matters when syncstat runs in a loop); everything else lives in the bundled CLI.
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) process.stdout.write(`${require('../package.json').version}\n`);
else require('../dist/launch.cjs');

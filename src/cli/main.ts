// Entry point of the bundle. `--version` answers before anything else is loaded: start-up time matters
// when syncstat runs in a loop.
declare const __SYNCSTAT_VERSION__: string;

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${__SYNCSTAT_VERSION__}\n`);
} else {
  const [{ runCli }, { nodeIo }] = await Promise.all([import('./run.js'), import('./node-io.js')]);
  const { io, dispose } = nodeIo();
  const code = await runCli(argv, io);
  dispose();
  // Let stdout drain (pipes), then exit without waiting for keep-alive sockets.
  process.stdout.write('', () => process.exit(code));
}

// The CLI bundle's entry (dist/main.cjs), loaded by launch.ts.
import { nodeIo, stdoutFailed } from './node-io.js';
import { runCli } from './run.js';

// For scripts/build.mjs, which writes dist/help.json with it (see help-table.ts).
export { renderHelpTable } from './help-table.js';

export async function main(argv: string[]): Promise<void> {
  const { io, dispose } = nodeIo();
  const code = await runCli(argv, io);
  dispose();
  // Let stdout drain (pipes), then exit without waiting for keep-alive sockets; a write that failed
  // on the way is the run's failure (stdoutFailed), never a success with truncated output.
  process.stdout.write('', (err) => (err ? stdoutFailed(err) : process.exit(code)));
}

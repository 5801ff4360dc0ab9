import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import type { SetExit } from '../program.js';
import { parseCount } from '../context.js';
import { reportFailure } from '../run.js';

interface SimOptions {
  host: string;
  port: string;
  scenario?: string;
}

export function registerSim(program: Command, io: CliIo, setExit: SetExit): Command {
  return program
    .command('sim')
    .description('serve all the APIs syncstat speaks on loopback, with their auth checks and scripted task lifecycles')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on; 0 picks a free one', '8787')
    .option('--scenario <file>', 'JSON scenario: tasks, their status over time, faults (default: the built-in one)')
    .addHelpText('after', `
Examples:
  $ syncstat sim                       # http://127.0.0.1:8787 with the default scenario
  $ syncstat sim --port 0              # any free port; the URL is printed
  $ syncstat sim --scenario scenarios/faults.json

It prints the URL and the demo credentials to use; Ctrl-C stops it.`)
    .action(async (opts: SimOptions) => {
      try {
        const port = parseCount(opts.port, '--port', 8787, 0, 65535);
        const [{ startSimulator }, { loadScenario }, { demoEnv }] = await Promise.all([
          import('../../sim/server.js'),
          import('../../sim/default-scenario.js'),
          import('../../sim/demo-plan.js'),
        ]);
        const sim = await startSimulator({ host: opts.host, port, scenario: await loadScenario(opts.scenario) });
        const exports = Object.entries(demoEnv(sim.url)).map(([k, v]) => `  export ${k}=${v}`);
        io.stdout.write(`syncstat simulator listening on ${sim.url}\n\nDemo credentials (they open nothing real):\n${exports.join('\n')}\n\nThen, e.g.: syncstat status rp-div0t0awwobr\nCtrl-C stops the simulator.\n`);
        await new Promise<void>((resolve) => io.signal.addEventListener('abort', () => resolve(), { once: true }));
        await sim.close();
        setExit(0);
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        if (e.code === 'EADDRINUSE') {
          io.stderr.write(`syncstat: error: port ${opts.port} on ${opts.host} is in use. Pick another with --port, or --port 0 for any free one\n`);
          return setExit(2);
        }
        setExit(reportFailure(err, io, false));
      }
    });
}

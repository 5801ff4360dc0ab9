import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import type { SetExit } from '../program.js';
import { colourEnabled, makePaint } from '../context.js';
import { reportFailure } from '../run.js';

export function registerDemo(program: Command, io: CliIo, setExit: SetExit): Command {
  return program
    .command('demo')
    .description('start the simulator on a free port and run every command against it: no cloud account needed')
    .addHelpText('after', '\nExample:\n  $ syncstat demo\n')
    .action(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'syncstat-demo-'));
      try {
        const [{ startSimulator }, { loadSims, defaultScenario, simEnv, demoSteps, fleetTasks }, { runCli }] = await Promise.all([
          import('../../sim/server.js'),
          import('../../sim/registry.js'),
          import('../run.js'),
        ]);
        const paint = await makePaint(colourEnabled(io.env, io.stdoutIsTTY, undefined));
        const sims = await loadSims();
        const sim = await startSimulator({ port: 0, scenario: defaultScenario(sims), services: sims.providers.map((p) => p.sim.service) });
        // An empty config file: the demo must not pick up the user's own profiles.
        const config = join(dir, 'demo.json');
        writeFileSync(config, '{}');
        const env = { ...io.env, ...simEnv(sims, sim.urls) };
        io.stdout.write(paint.dim(`simulator on ${Object.values(sim.urls).join(', ')} (demo credentials)\n`));
        // The fleet spans services: one task list naming tasks of each, written beside the config.
        const fleet = join(dir, 'fleet.json');
        writeFileSync(fleet, JSON.stringify({ tasks: fleetTasks(sims) }, null, 2));
        const steps = [
          ...demoSteps(sims).map((step) => ({ ...step, shown: step.argv })),
          { title: 'A fleet across every service: one table, a count per phase (exit 1: one task failed)', argv: ['fleet', '--tasks', fleet], shown: ['fleet', '--tasks', 'fleet.json'] },
          { title: 'The same fleet, only its prod tasks, the most behind first', argv: ['fleet', '--tasks', fleet, '--label', 'env=prod', '--sort-by', 'lag'], shown: ['fleet', '--tasks', 'fleet.json', '--label', 'env=prod', '--sort-by', 'lag'] },
        ];
        try {
          for (const step of steps) {
            if (io.signal.aborted) break;
            const argv = [...step.argv, '-o', 'table', '--config', config];
            io.stdout.write(`\n${paint.bold(`# ${step.title}`)}\n${paint.cyan(`$ syncstat ${step.shown.join(' ')}`)}\n`);
            const code = await runCli(argv, { ...io, env, stderr: io.stdout });
            io.stdout.write(paint.dim(`→ exit ${code}\n`));
          }
        } finally {
          await sim.close();
        }
        setExit(io.signal.aborted ? 130 : 0);
      } catch (err) {
        setExit(reportFailure(err, io, false));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
}

// `syncstat sim` as a child process, for the bench scripts: one way to start it and read what it prints.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/syncstat.cjs', import.meta.url));

/**
 * Starts the built simulator on a free port (`args`: e.g. ['--scenario', file]) and resolves once it
 * listens, with its URL and the variables of `--print-env` (single-quoted export lines; the demo values
 * hold no quote). `stderr`: 'ignore' or 'inherit'.
 */
export function startSimProcess(args = [], stderr = 'ignore') {
  const child = spawn(process.execPath, [BIN, 'sim', '--port', '0', '--print-env', ...args], { stdio: ['ignore', 'pipe', stderr] });
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (d) => {
      text += d;
      if (!/^# listening on /m.test(text)) return;
      const vars = Object.fromEntries([...text.matchAll(/^export (\w+)='([^']*)'$/gm)].map((m) => [m[1], m[2]]));
      resolve({ child, url: text.match(/^# listening on (\S+)/m)[1], vars });
    });
    child.on('exit', () => reject(new Error(`simulator exited early: ${text}`)));
  });
}

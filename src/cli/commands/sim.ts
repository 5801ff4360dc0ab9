import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import type { SetExit } from '../program.js';
import { parseCount } from '../context.js';
import { reportFailure } from '../run.js';
import { PROVIDER_LIST } from '../../providers/index.js';

interface SimOptions {
  host: string;
  port: string;
  scenario?: string;
  printEnv?: boolean;
  tls?: boolean;
}

// Plain text from the registry's data: this file loads with every command, the simulator only when `sim` runs.
// test/e2e/sim.test.ts checks it names every fault type and field the scenario checker knows.
function simHelp(): string {
  const names = PROVIDER_LIST.map((p) => p.name);
  const list = (items: readonly string[], last: string) => (items.length > 1 ? `${items.slice(0, -1).join(', ')} ${last} ${items.at(-1)}` : items.join(''));
  const example = PROVIDER_LIST.find((p) => p.simHelp.example)?.simHelp.example;
  const lastName = names.at(-1)!;
  return `
Examples:
  $ syncstat sim                      # ports 8787 and up, one per service
  $ syncstat sim --port 0             # free ports; the URLs are printed
  $ syncstat sim --scenario scenarios/faults.json
  $ syncstat sim --scenario scenarios/hostile.json   # escape sequences, bidi, forged ::error lines
  $ syncstat sim --tls                # https, self-signed: syncstat doctor fails its tls check

Each service listens on a port of its own (--port, the next one, and so on): a request is routed by the port it was sent to, so two services whose APIs share a path shape can both be served. It prints the URLs and the demo credentials, then serves until Ctrl-C (exit 0).

From a script or a CI job, run it in the background and source its variables:
  $ syncstat sim --port 0 --print-env > sim.env &
  $ until grep -q '^# listening' sim.env 2>/dev/null; do sleep 0.1; done
  $ . ./sim.env && syncstat status rp-div0t0awwobr
  $ kill %1
With --print-env, stdout gets only shell lines, written once the servers listen: a single-quoted export line for every service's endpoint variable and credential the simulator accepts, then "# listening on <url> (<service>), ...". Everything else goes to stderr.

With --tls every service is served over https with a self-signed certificate for 127.0.0.1 and localhost that ships with syncstat (scenarios/tls/loopback-cert.pem; its key is public: it is only for the simulator on loopback). Nothing trusts it until NODE_EXTRA_CA_CERTS names it, so out of the box syncstat fails with a TLS error, as against a service behind a private CA; the simulator prints the line that trusts it (--print-env: as a comment, not exported).

Demo credentials: built in, printed at start; they open nothing real. A scenario's "credentials" section replaces them (${PROVIDER_LIST.map((p) => `${p.name}: ${p.simHelp.credentials}`).join('; ')}).

Scenario (--scenario <file>): a JSON object with any of the sections ${list(['credentials', ...names, 'faults'], 'and')}; each one given replaces the built-in scenario's. Tasks are keyed by id and hold the service's own fields: ${PROVIDER_LIST.map((p) => p.simHelp.tasks).join('; ')}.
${example ? `${example}
` : ''}A timeline is a list of steps: each lasts "for" seconds from the simulator's start (the last one forever) and its fields override the task's. A ramp { "from": a, "to": b } moves a number linearly across its step. A malformed file is refused (exit 2) with the JSON path of the bad field. More examples: scenarios/*.json in the syncstat repository and package.

Faults ("faults": a list, tried in order) match requests by "service" (${list(names, 'or')}), "path" (part of the URL path, or of the request body) and "id" (a task id in the request), all optional, and apply to the first "times" matching requests (default: every one). Types and their fields:
  latency    wait "ms" milliseconds (default 1000), then answer
  status     answer HTTP "status" (default 503) with a JSON error body
  throttle   the service's throttling answer, Retry-After "retryAfter" seconds
             (default 1): HTTP 429, or the service's own throttling code
  ratelimit  allow "perSecond" requests a second (a one-second token bucket);
             the rest get the service's throttling answer
  html       an HTML error page, HTTP "status" (default 502), as from a proxy
  truncated  the real answer cut off half-way (malformed JSON)
  reset      the connection closed with no answer
  malformed  the real answer with fields replaced: "set" maps dotted paths
             into the body to values ({ "data.subTaskList": {} }), "nest"
             maps paths to a depth (a value nested that many levels), or
             "body" replaces the whole answer (a string is sent as is);
             "status" changes its HTTP status
  compressed the real answer compressed though the client never asked:
             "encoding" gzip (default), deflate or br; "header": false
             leaves out the Content-Encoding header
  bom        the real answer after a UTF-8 byte-order mark
  clock      the service's clock is "skew" seconds ahead (negative: behind):
             its Date header, its time API and its check of signed
             timestamps all use it (what syncstat doctor checks); path, id
             and times do not apply
Latency is set with latency faults, and adds to any other fault that matches: { "type": "latency", "ms": 300 } slows every request; { "type": "latency", "ms": 2000, "service": "${lastName}", "times": 3 } only that service's first three.

Exit codes: 0 stopped (Ctrl-C or SIGTERM); 2 bad option, port in use or bad scenario file; 70 internal error (a bug: please report it).
`;
}

export function registerSim(program: Command, io: CliIo, setExit: SetExit): Command {
  return program
    .command('sim')
    .description('serve all the APIs syncstat speaks on loopback, with their auth checks and scripted task lifecycles')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', "the first service's port, the next service's the next one; 0 picks free ones", '8787')
    .option('--scenario <file>', 'JSON scenario: tasks, their status over time, faults (default: the built-in one)')
    .option('--print-env', "print only shell lines on stdout: `export NAME='value'` for every endpoint and credential, for a script to source")
    .option('--tls', 'serve over https with a self-signed loopback certificate shipped with syncstat (trust it with NODE_EXTRA_CA_CERTS)')
    .addHelpText('after', simHelp())
    .action(async (opts: SimOptions) => {
      try {
        const port = parseCount(opts.port, '--port', 8787, 0, 65535);
        const [{ startSimulator }, { loadScenario }, { exportLines }, { loadSims, simCredentials, simEnv }, { loopbackTls }] = await Promise.all([
          import('../../sim/server.js'),
          import('../../sim/default-scenario.js'),
          import('../../sim/demo-plan.js'),
          import('../../sim/registry.js'),
          import('../../sim/loopback-tls.js'),
        ]);
        const sims = await loadSims();
        const scenario = await loadScenario(opts.scenario, sims);
        const tls = opts.tls ? loopbackTls() : undefined;
        const sim = await startSimulator({ host: opts.host, port, scenario, services: sims.providers.map((p) => p.sim.service), tls });
        // The credentials this simulator accepts: the demo ones, or the scenario's.
        const env = simEnv(sims, sim.urls, simCredentials(sims, scenario.credentials));
        const where = Object.entries(sim.urls).map(([name, url]) => `${url} (${name})`).join(', ');
        // Not exported: untrusted out of the box, so syncstat shows its TLS failure path until the user opts in.
        const trust = tls ? `# the certificate is self-signed: NODE_EXTRA_CA_CERTS=${tls.certFile} trusts it\n` : '';
        if (opts.printEnv) {
          // One write, the "listening" line last: a reader that sees it has every export line.
          io.stdout.write(`${exportLines(env)}${trust}# listening on ${where}\n`);
          io.stderr.write(`syncstat simulator listening on ${where}; Ctrl-C (or SIGTERM) stops it\n`);
        } else {
          const exports = exportLines(env).replace(/^/gm, '  ');
          const which = scenario.credentials ? 'Credentials (the demo ones, with the scenario\'s instead where it has them)' : 'Demo credentials (they open nothing real)';
          io.stdout.write(`syncstat simulator listening on ${where}\n\n${which}:\n${exports}\n${trust.replace(/^# /, '')}Then, e.g.: syncstat status rp-div0t0awwobr\nCtrl-C stops the simulator.\n`);
        }
        if (!io.signal.aborted) await new Promise<void>((resolve) => io.signal.addEventListener('abort', () => resolve(), { once: true }));
        await sim.close();
        setExit(0);
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        if (e.code === 'EADDRINUSE') {
          // Each service takes a port from --port on: name the one that was taken.
          const taken = (e as NodeJS.ErrnoException & { port?: number }).port ?? opts.port;
          io.stderr.write(`syncstat: error: port ${taken} on ${opts.host} is in use. Pick another with --port (each service takes the next one), or --port 0 for free ones\n`);
          return setExit(2);
        }
        setExit(reportFailure(err, io, false));
      }
    });
}

import { spawn } from 'node:child_process';
import { DEFAULT_SCENARIO, demoEnv } from './sims.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { startSimulator, type RunningSim } from '../src/sim/server.js';
import type { Scenario } from '../src/sim/types.js';

export const BIN = fileURLToPath(new URL('../bin/syncstat.cjs', import.meta.url));

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A clean directory with an empty config file, so no user config leaks into a test. */
export function isolatedDir(): { dir: string; config: string } {
  const dir = mkdtempSync(join(tmpdir(), 'syncstat-test-'));
  const config = join(dir, 'empty.json');
  writeFileSync(config, '{}');
  return { dir, config };
}

/** Environment with no credentials, proxies or colour settings from the machine running the tests. */
export function baseEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const { dir } = isolatedDir();
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: dir, XDG_CACHE_HOME: join(dir, 'cache'), XDG_CONFIG_HOME: join(dir, 'config') };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

/** Runs the built binary as a user would; never a TTY (pipes). */
export function runBin(
  args: string[],
  opts: {
    env?: Record<string, string | undefined>;
    cwd?: string;
    stdin?: string;
    timeoutMs?: number;
    onSpawn?: (kill: (sig: NodeJS.Signals) => void) => void;
    /** Called with all stderr so far on every chunk: react to what the process said, not to a timer. */
    onStderr?: (stderr: string, kill: (sig: NodeJS.Signals) => void) => void;
  } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: baseEnv(opts.env), cwd: opts.cwd ?? isolatedDir().dir, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      opts.onStderr?.(stderr, (sig) => child.kill(sig));
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 15_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    opts.onSpawn?.((sig) => child.kill(sig));
    child.stdin.end(opts.stdin ?? '');
  });
}

/**
 * Bad input: exit 2 with one stderr line matching `message`, nothing on stdout, and no request sent
 * (the simulator saw none).
 */
export async function expectUsageError(sim: RunningSim & { env: Record<string, string> }, args: string[], message: RegExp): Promise<void> {
  const before = sim.requests.length;
  const res = await runBin(args, { env: sim.env });
  expect(res.code, res.stderr).toBe(2);
  expect(res.stderr.trimEnd()).toMatch(message);
  expect(res.stderr.trimEnd().split('\n'), 'one line, no stack trace').toHaveLength(1);
  expect(res.stdout).toBe('');
  expect(sim.requests.length).toBe(before);
}

/** Starts the simulator in-process on a free port (the test can read `sim.requests`). */
export async function startSim(scenario: Scenario = DEFAULT_SCENARIO): Promise<RunningSim & { env: Record<string, string> }> {
  const sim = await startSimulator({ port: 0, scenario });
  return Object.assign(sim, { env: demoEnv(sim.urls) });
}

export function parseJson(stdout: string): { schemaVersion: number; results: any[]; errors: any[] } {
  return JSON.parse(stdout);
}

/** The simulator's self-signed certificate for 127.0.0.1 and localhost (scenarios/tls/, `sim --tls`); trust it with NODE_EXTRA_CA_CERTS. */
export const TLS_CERT = fileURLToPath(new URL('../scenarios/tls/loopback-cert.pem', import.meta.url));
const TLS_KEY = fileURLToPath(new URL('../scenarios/tls/loopback-key.pem', import.meta.url));

/** An https front on loopback that forwards every request to `upstream` (the simulator): the real services speak TLS. */
export async function startTlsFront(upstream: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createHttpsServer({ cert: readFileSync(TLS_CERT), key: readFileSync(TLS_KEY) }, (req, res) => {
    const up = request(new URL(req.url ?? '/', upstream), { method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `https://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** Every <tag ...> of a name in well-formed XML, with its attributes decoded. */
export function tags(xml: string, name: string): Array<Record<string, string>> {
  const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#10;/g, '\n').replace(/&amp;/g, '&');
  return [...xml.matchAll(new RegExp(`<${name}((?:\\s+[\\w-]+="[^"]*")*)\\s*/?>`, 'g'))].map((m) => Object.fromEntries([...m[1].matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1], decode(a[2])])));
}

/** The <testsuite> elements, each with its own XML text. */
export function suites(xml: string): Array<{ attrs: Record<string, string>; xml: string }> {
  return [...xml.matchAll(/<testsuite\s[^>]*>[\s\S]*?<\/testsuite>/g)].map((m) => ({ attrs: tags(m[0], 'testsuite')[0], xml: m[0] }));
}


import { spawn } from 'node:child_process';
import { demoEnv } from '../sims.js';
import { PROVIDERS } from '../../src/providers/index.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAULT_FIELDS } from '../../src/sim/scenario-check.js';
import { BIN, baseEnv, isolatedDir, runBin, TLS_CERT } from '../helpers.js';

/**
 * Starts `syncstat sim <args>` as a user would and resolves with its stdout once `ready` matches it
 * (no sleeps: it waits for the output itself). `stop` sends SIGTERM and resolves with the exit code.
 */
function startSimProcess(args: string[], ready: RegExp, cwd: string) {
  const child = spawn(process.execPath, [BIN, 'sim', ...args], { env: baseEnv(), cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const output = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      stdout += d;
      if (ready.test(stdout)) resolve(stdout);
    });
    child.stderr.on('data', (d) => (stderr += d));
    void exited.then((code) => reject(new Error(`sim exited (${code}) before it was ready: ${stderr}`)));
  });
  return {
    output,
    stderr: () => stderr,
    stdout: () => stdout,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

describe('syncstat sim', () => {
  it('refuses a malformed scenario with exit 2 and one line naming the file and the field', async () => {
    const { dir } = isolatedDir();
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ninedata: { replications: { 'rp-x': { timeline: [{ for: 1, status: 'running' }, { for: -1 }] } } } }));
    const res = await runBin(['sim', '--port', '0', '--scenario', 'bad.json'], { cwd: dir });
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toBe('syncstat: error: scenario bad.json: ninedata.replications.rp-x.timeline[1].for must be a number of seconds >= 0, not -1. See: syncstat sim --help\n');
  });

  it('names an unknown scenario key with a did-you-mean', async () => {
    const { dir } = isolatedDir();
    writeFileSync(join(dir, 'typo.json'), JSON.stringify({ faults: [{ type: 'status', staus: 500 }] }));
    const res = await runBin(['sim', '--port', '0', '--scenario', 'typo.json'], { cwd: dir });
    expect(res.code).toBe(2);
    expect(res.stderr.trimEnd().split('\n')).toEqual(['syncstat: error: scenario typo.json: faults[0].staus is not a known field (did you mean status?). See: syncstat sim --help']);
  });

  it('--print-env: export lines a shell can source, for the credentials it accepts, then serves until SIGTERM', async () => {
    const { dir } = isolatedDir();
    const credentials = { ninedata: { accessKeyId: "o'brien-key", accessKeySecret: 'a secret with $HOME and `backticks`' } };
    writeFileSync(join(dir, 'own.json'), JSON.stringify({ credentials }));
    const sim = startSimProcess(['--port', '0', '--print-env', '--scenario', 'own.json'], /^# listening on .*\n/m, dir);
    const out = await sim.output;
    try {
      // "# listening on <url> (<service>), ...": each service on a port of its own.
      const where = /^# listening on (.+)$/m.exec(out)![1];
      const urls = Object.fromEntries(where.split(', ').map((part) => /^(http:\S+) \((\w+)\)$/.exec(part)!).map((m) => [m[2], m[1]]));
      expect(Object.keys(urls)).toEqual(Object.keys(PROVIDERS));
      expect(new Set(Object.values(urls)).size, 'one port per service').toBe(Object.keys(urls).length);
      const lines = out.trimEnd().split('\n');
      expect(lines.at(-1)).toBe(`# listening on ${where}`);
      const exported = lines.slice(0, -1);
      for (const line of exported) expect(line).toMatch(/^export [A-Z_]+='.*'$/);
      // What a shell makes of them: exactly demoEnv for this URL and the scenario's credentials.
      const expected = demoEnv(urls, credentials);
      expect(exported).toHaveLength(Object.keys(expected).length);
      writeFileSync(join(dir, 'sim.env'), out);
      const names = Object.keys(expected);
      const shell = await new Promise<string>((resolve) => {
        const sh = spawn('sh', ['-c', `. ./sim.env && node -e 'process.stdout.write(JSON.stringify(Object.fromEntries(${JSON.stringify(names)}.map((n) => [n, process.env[n]]))))'`], { cwd: dir });
        let text = '';
        sh.stdout.on('data', (d) => (text += d));
        sh.on('close', () => resolve(text));
      });
      expect(JSON.parse(shell)).toEqual(expected);
      // And syncstat, given that environment, reads a task from the running simulator.
      const status = await runBin(['status', 'rp-div0t0awwobr', '--json'], { env: expected, cwd: dir });
      expect(status.code, status.stderr).toBe(0);
      expect(JSON.parse(status.stdout).results[0]).toMatchObject({ id: 'rp-div0t0awwobr', phase: 'syncing' });
      expect(sim.stderr()).toContain(`listening on ${where}`);
    } finally {
      expect(await sim.stop()).toBe(0);
    }
    expect(sim.stdout()).toBe(out);
  });

  it('without --print-env prints the URL and credentials for a person', async () => {
    const { dir } = isolatedDir();
    const sim = startSimProcess(['--port', '0'], /Ctrl-C stops the simulator\.\n/, dir);
    const out = await sim.output;
    expect(await sim.stop()).toBe(0);
    expect(out).toMatch(/^syncstat simulator listening on http:\/\/127\.0\.0\.1:\d+ \(\w+\)(, http:\/\/127\.0\.0\.1:\d+ \(\w+\))+\n/);
    expect(out).toContain("  export NINEDATA_ACCESS_KEY_ID='nd-demo-access-key'");
  });

  it('--help explains scenarios, timelines, ramps, every fault type and field, latency and --print-env', async () => {
    const help = await runBin(['sim', '--help']);
    expect(help.code).toBe(0);
    for (const text of ['--scenario', '--print-env', 'timeline', '"for"', '{ "from"', 'scenarios/*.json', 'Demo credentials', 'Latency', '. ./sim.env']) expect(help.stdout).toContain(text);
    for (const [type, fields] of Object.entries(FAULT_FIELDS)) {
      expect(help.stdout).toMatch(new RegExp(`^ {2}${type} `, 'm'));
      for (const field of Object.keys(fields)) expect(help.stdout).toContain(`"${field}"`);
    }
    for (const field of ['service', 'path', 'id', 'times']) expect(help.stdout).toContain(`"${field}"`);
  });

  it('--tls: https with the packaged self-signed certificate; doctor fails its tls check until NODE_EXTRA_CA_CERTS trusts it', async () => {
    const { dir } = isolatedDir();
    const sim = startSimProcess(['--port', '0', '--print-env', '--tls'], /^# listening on .*\n/m, dir);
    try {
      const out = await sim.output;
      const lines = out.trimEnd().split('\n');
      expect(lines.at(-2)).toBe(`# the certificate is self-signed: NODE_EXTRA_CA_CERTS=${TLS_CERT} trusts it`);
      expect(lines.at(-1)).toMatch(/^# listening on https:\/\/127\.0\.0\.1:\d+ \(ninedata\), https:/);
      expect(out).not.toMatch(/^export NODE_EXTRA_CA_CERTS/m);
      const env = Object.fromEntries(lines.slice(0, -2).map((line) => /^export ([A-Z_]+)='(.*)'$/.exec(line)!).map((m) => [m[1], m[2]]));
      expect(env.NINEDATA_ENDPOINT).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);

      // Out of the box: the TLS failure path, exit 5, saying why and how to trust the certificate.
      const untrusted = await runBin(['doctor', 'ninedata', '--json'], { env, cwd: dir });
      expect(untrusted.code, untrusted.stderr).toBe(5);
      const tls = JSON.parse(untrusted.stdout).checks.find((c: { check: string }) => c.check === 'tls');
      expect(tls).toMatchObject({ service: 'ninedata', status: 'fail' });
      expect(tls.detail).toContain('self-signed certificate');
      expect(tls.fix).toContain('NODE_EXTRA_CA_CERTS');
      expect(untrusted.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(untrusted.stderr).toMatch(/^syncstat: error: ninedata tls: .*self-signed certificate/);

      // Trusted: every check of every service passes, and a status read goes through TLS.
      const trusted = { ...env, NODE_EXTRA_CA_CERTS: TLS_CERT };
      const doctor = await runBin(['doctor'], { env: trusted, cwd: dir });
      expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
      expect(doctor.stdout).toMatch(/^ok +ninedata +tls +NineData endpoint: TLSv1\.[23], certificate for /m);
      expect(doctor.stdout).not.toMatch(/^(FAIL|warn) /m);
      const status = await runBin(['status', 'rp-div0t0awwobr', '--json'], { env: trusted, cwd: dir });
      expect(status.code, status.stderr).toBe(0);
      expect(JSON.parse(status.stdout).results[0]).toMatchObject({ id: 'rp-div0t0awwobr', phase: 'syncing' });
    } finally {
      expect(await sim.stop()).toBe(0);
    }
  });

  it('--tls --help documents the flag, the certificate and how to trust it', async () => {
    const help = await runBin(['sim', '--tls', '--help']);
    expect(help.code).toBe(0);
    for (const text of ['--tls', 'syncstat sim --tls', 'self-signed', 'scenarios/tls/loopback-cert.pem', 'NODE_EXTRA_CA_CERTS', 'its key is public']) expect(help.stdout).toContain(text);
  });
});

import { spawn } from 'node:child_process';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, BIN, isolatedDir, startSim } from '../helpers.js';

// stdout that cannot be written is a failure (exit 74, one stderr line); a reader that left is not.
let sim: Awaited<ReturnType<typeof startSim>>;
beforeAll(async () => {
  sim = await startSim();
});
afterAll(() => sim.close());

/** Runs the binary with stdout on `fd` (a file descriptor of the test's). */
function runWithStdout(args: string[], stdout: number | 'pipe'): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: baseEnv(sim.env), cwd: isolatedDir().dir, stdio: ['ignore', stdout, 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('writing to stdout', () => {
  it('fails on a full disk (/dev/full): exit 74 and one line', async () => {
    const fd = openSync('/dev/full', 'w');
    try {
      for (const args of [['status', 'rp-div0t0awwobr', '--json'], ['--help']]) {
        const res = await runWithStdout(args, fd);
        expect(res.code, args.join(' ')).toBe(74);
        expect(res.stderr).toBe('syncstat: error: cannot write to stdout: no space left on device (ENOSPC)\n');
      }
    } finally {
      closeSync(fd);
    }
  });

  it('fails on a stdout not open for writing: exit 74', async () => {
    const fd = openSync('/dev/null', 'r');
    try {
      const res = await runWithStdout(['status', 'rp-div0t0awwobr', '--json'], fd);
      expect(res.code).toBe(74);
      expect(res.stderr).toBe('syncstat: error: cannot write to stdout: bad file descriptor (EBADF)\n');
    } finally {
      closeSync(fd);
    }
  });

  it('stays silent with exit 0 when the reader leaves early (`| head -1`)', async () => {
    // More output than a pipe holds: 3,000 DRS jobs the simulator does not know, one error entry each.
    const { dir } = isolatedDir();
    writeFileSync(join(dir, 'jobs.txt'), Array.from({ length: 3000 }, (_, i) => `job-${i}`).join('\n'));
    const child = spawn(process.execPath, [BIN, 'batch', '--file', 'jobs.txt', '-o', 'ndjson'], { env: baseEnv(sim.env), cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Read the first line, then close the pipe, as head -1 does.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(0);
    // (stderr carries the ids' own problems: those unknown jobs)
    expect(stderr).not.toMatch(/cannot write|EPIPE|internal error/);
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRS_JOBS } from '../../src/providers/huawei/sim/scenario.js';
import { runVirtual, startVirtualSim, type VirtualSim } from '../inproc.js';

// Ids from --file and stdin: read as streams, bounded, and never past Ctrl-C (in-process, no timing).
let sim: VirtualSim;
beforeAll(async () => {
  sim = await startVirtualSim();
});
afterAll(() => sim.close());

/** An endless stdin: `yes rp-x | syncstat batch -`. Counts what was pulled from it. */
function endless(line = 'rp-x\n') {
  const stats = { bytes: 0, destroyed: false };
  const chunk = line.repeat(Math.ceil(16384 / line.length));
  const stream = new Readable({
    read() {
      stats.bytes += chunk.length;
      this.push(chunk);
    },
    destroy(err, cb) {
      stats.destroyed = true;
      cb(err);
    },
  });
  return { stream, stats };
}

describe('batch ids from stdin and --file', () => {
  it('stops reading an endless stdin at 1 MiB: exit 2, one short line, the stream closed', async () => {
    const { stream, stats } = endless();
    const res = await runVirtual(sim, ['batch', '-'], { openStdin: () => stream });
    expect(res.code).toBe(2);
    expect(res.stderr).toBe('syncstat: error: stdin is larger than 1 MiB. Ids are read from at most 1 MiB and 10,000 ids in one run: split the list\n');
    expect(res.stdout).toBe('');
    expect(stats.destroyed).toBe(true);
    expect(stats.bytes).toBeLessThan(2 * 1024 * 1024);
  });

  it('stops reading stdin on Ctrl-C: exit 130', async () => {
    // A stdin that gives one line, then nothing (a terminal waiting for input), and Ctrl-C comes.
    let pulls = 0;
    const res = await runVirtual(sim, ['batch', '-'], {
      openStdin: (interrupt) =>
        new Readable({
          read() {
            if (++pulls === 1) this.push(`${DRS_JOBS.syncing}\n`);
            else setImmediate(() => interrupt('SIGINT'));
          },
        }),
    });
    expect(res.code).toBe(130);
    expect(res.stderr).toBe('syncstat: interrupted (Ctrl-C)\n');
  });

  it('reads ids from a generator stream to its end', async () => {
    async function* lines() {
      yield `${DRS_JOBS.syncing}  # a comment\n`;
      yield `${DRS_JOBS.pending}\n`;
    }
    const res = await runVirtual(sim, ['batch', '-'], { openStdin: () => Readable.from(lines()) });
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout).results.map((r: { id: string }) => r.id)).toEqual([DRS_JOBS.syncing, DRS_JOBS.pending]);
  });

  it('refuses --file /dev/zero and a file over 1 MiB; quotes a huge bad id by its first 40 characters', async () => {
    const zero = await runVirtual(sim, ['batch', '--file', '/dev/zero']);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/^syncstat: error: --file \/dev\/zero is larger than 1 MiB\. /);
    const dir = mkdtempSync(join(tmpdir(), 'syncstat-ids-'));
    const big = join(dir, 'jobs.txt');
    writeFileSync(big, `${DRS_JOBS.syncing}\n`.repeat(40_000));
    const tooBig = await runVirtual(sim, ['batch', '--file', big]);
    expect(tooBig.code).toBe(2);
    expect(tooBig.stderr).toContain(`--file ${big} is larger than 1 MiB`);
    const badId = join(dir, 'bad.txt');
    writeFileSync(badId, `rp-${'z'.repeat(900_000)}\n`);
    const bad = await runVirtual(sim, ['batch', '--file', badId]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(`syncstat: error: malformed job id: "rp-${'z'.repeat(37)}"… (900003 bytes) (--file ${badId} line 1). Ids are up to 128 letters, digits, "-", "_", "." or ":", starting with a letter or digit, with no spaces\n`);
    const many = join(dir, 'many.txt');
    writeFileSync(many, Array.from({ length: 10_001 }, (_, i) => `j${i}`).join('\n'));
    const tooMany = await runVirtual(sim, ['batch', '--file', many]);
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toMatch(/^syncstat: error: 10001 job ids given; at most 10,000 in one run\./);
  });
});

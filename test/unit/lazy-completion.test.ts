// Nothing of completion or the help topics loads unless asked for: the same import graph the bundle's
// lazy inits follow (scripts/build.mjs), watched here by mocks that record when a module is loaded.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { captureIo } from '../../src/cli/capture-io.js';
import { runCli } from '../../src/cli/run.js';
import { runVirtual, startVirtualSim, type VirtualSim } from '../inproc.js';

const loaded = vi.hoisted(() => new Set<string>());

vi.mock('../../src/cli/completion/protocol.js', async (original) => (loaded.add('completion/protocol'), original()));
vi.mock('../../src/cli/completion/engine.js', async (original) => (loaded.add('completion/engine'), original()));
vi.mock('../../src/cli/completion/sources.js', async (original) => (loaded.add('completion/sources'), original()));
vi.mock('../../src/cli/completion/scripts.js', async (original) => (loaded.add('completion/scripts'), original()));
vi.mock('../../src/help/text.js', async (original) => (loaded.add('help/text'), original()));
vi.mock('../../src/help/render.js', async (original) => (loaded.add('help/render'), original()));

/** runVirtual adds --config, which help and completion do not take: these run bare. */
async function bare(argv: string[]): Promise<{ code: number; stdout: string }> {
  const io = captureIo(process.cwd());
  return { code: await runCli(argv, io), stdout: io.out() };
}

let sim: VirtualSim;
beforeAll(async () => {
  sim = await startVirtualSim();
});
afterAll(() => sim.close());

describe('lazy loading', () => {
  it("a status query, its --help, the program's and help <command> load none of it", async () => {
    expect((await runVirtual(sim, ['status', 'rp-div0t0awwobr', '--json'])).code).toBe(0);
    expect((await bare(['status', '--help'])).code).toBe(0);
    expect((await bare(['--help'])).code).toBe(0);
    expect((await bare(['help', 'udts'])).code).toBe(0);
    expect([...loaded]).toEqual([]);
  });

  it('`help <topic>` loads the pages; `completion` the scripts; `__complete` the engine', async () => {
    expect((await bare(['help', 'waiting'])).code).toBe(0);
    expect([...loaded].sort()).toEqual(['help/render', 'help/text']);
    expect((await bare(['completion', 'bash'])).code).toBe(0);
    expect(loaded).toContain('completion/scripts');
    expect(loaded).not.toContain('completion/engine');
    expect((await bare(['__complete', 'status', '--o'])).stdout).toBe('--output\toutput format\n:none\n');
    expect(loaded).toContain('completion/engine');
  });
});

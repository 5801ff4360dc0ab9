import { readFile } from 'node:fs/promises';
import { UsageError } from '../core/errors.js';
import { fsReason } from '../core/fs-error.js';
import { defaultScenario, type Sims } from './registry.js';
import { checkScenario, ScenarioProblem } from './scenario-check.js';
import type { Scenario } from './types.js';

/**
 * The scenario `syncstat sim` plays: the default one (every phase of every service) when given no
 * file; else the file (JSON), every field checked (scenario-check.ts): a bad one is a usage error
 * naming the file and the field's JSON path. Each top-level section it has replaces the default's.
 */
export async function loadScenario(path: string | undefined, sims: Sims): Promise<Scenario> {
  if (!path) return defaultScenario(sims);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read scenario ${path}: ${fsReason(err)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`scenario ${path} is not valid JSON: ${(err as Error).message}`);
  }
  try {
    return { ...defaultScenario(sims), ...checkScenario(parsed, sims) };
  } catch (err) {
    if (!(err instanceof ScenarioProblem)) throw err;
    throw new UsageError(`scenario ${path}: ${err.message}`, { suggestion: 'See: syncstat sim --help' });
  }
}

import { readFile } from 'node:fs/promises';
import { UsageError } from '../core/errors.js';
import { HUAWEI_SCENARIO } from '../providers/huawei/sim/scenario.js';
import { NINEDATA_SCENARIO } from '../providers/ninedata/sim/scenario.js';
import { UCLOUD_SCENARIO } from '../providers/ucloud/sim/scenario.js';
import { checkScenario, ScenarioProblem } from './scenario-check.js';
import type { Scenario } from './types.js';
import { fsReason } from '../core/fs-error.js';

/** The scenario `syncstat sim` and `syncstat demo` play when given none: every phase of every service. */
export const DEFAULT_SCENARIO: Scenario = {
  ninedata: NINEDATA_SCENARIO,
  ucloud: UCLOUD_SCENARIO,
  huawei: HUAWEI_SCENARIO,
  faults: [],
};

/**
 * Reads a scenario file (JSON) and checks every field (scenario-check.ts): a bad one is a usage error
 * naming the file and the field's JSON path. Each top-level section it has replaces the default's.
 */
export async function loadScenario(path: string | undefined): Promise<Scenario> {
  if (!path) return DEFAULT_SCENARIO;
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
    return { ...DEFAULT_SCENARIO, ...checkScenario(parsed) };
  } catch (err) {
    if (!(err instanceof ScenarioProblem)) throw err;
    throw new UsageError(`scenario ${path}: ${err.message}`, { suggestion: 'See: syncstat sim --help' });
  }
}

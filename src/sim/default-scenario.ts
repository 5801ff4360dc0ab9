import { readFile } from 'node:fs/promises';
import { UsageError } from '../core/errors.js';
import { HUAWEI_SCENARIO } from './scenarios/huawei.js';
import { NINEDATA_SCENARIO } from './scenarios/ninedata.js';
import { UCLOUD_SCENARIO } from './scenarios/ucloud.js';
import type { Scenario } from './types.js';

/** The scenario `syncstat sim` and `syncstat demo` play when given none: every phase of every service. */
export const DEFAULT_SCENARIO: Scenario = {
  ninedata: NINEDATA_SCENARIO,
  ucloud: UCLOUD_SCENARIO,
  huawei: HUAWEI_SCENARIO,
  faults: [],
};

const SECTIONS = ['credentials', 'ninedata', 'ucloud', 'huawei', 'faults'] as const;

/** Reads a scenario file (JSON). Each top-level section it has replaces the default's. */
export async function loadScenario(path: string | undefined): Promise<Scenario> {
  if (!path) return DEFAULT_SCENARIO;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read scenario file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`scenario file ${path} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UsageError(`scenario file ${path} must hold a JSON object`);
  const unknown = Object.keys(parsed).filter((k) => !(SECTIONS as readonly string[]).includes(k));
  if (unknown.length) throw new UsageError(`scenario file ${path}: unknown section ${unknown.join(', ')}`, { suggestion: `Sections are ${SECTIONS.join(', ')}` });
  return { ...DEFAULT_SCENARIO, ...(parsed as Scenario) };
}

import type { Scenario } from '../types.js';

/** UDTS tasks in every phase. */
export const UCLOUD_SCENARIO: NonNullable<Scenario['ucloud']> = { tasks: {} };

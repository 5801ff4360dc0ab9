import type { Scenario } from '../types.js';

/** StarRocks instances and DRS jobs in every phase. */
export const HUAWEI_SCENARIO: NonNullable<Scenario['huawei']> = { instances: {}, jobs: {} };

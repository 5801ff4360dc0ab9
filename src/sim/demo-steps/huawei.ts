import type { DemoSection } from './types.js';

// Filled in with the huawei commands.
export const HUAWEI_DEMO: DemoSection = { env: () => ({}), steps: [] };

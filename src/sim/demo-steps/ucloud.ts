import type { DemoSection } from './types.js';

// Filled in with the ucloud commands.
export const UCLOUD_DEMO: DemoSection = { env: () => ({}), steps: [] };

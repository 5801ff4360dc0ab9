import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/** What scripts/build.mjs bundles as strings (help topics, completion scripts): the same from source. */
const TEXT_FILES = /\.(md|bash|zsh|fish|ps1)$/;

export default defineConfig({
  plugins: [{ name: 'text-files', transform: (code: string, id: string) => (TEXT_FILES.test(id) ? { code: `export default ${JSON.stringify(code)};`, map: null } : undefined) }],
  // What scripts/build.mjs defines for the bundle: in-process tests run the CLI from source.
  define: { __SYNCSTAT_VERSION__: JSON.stringify(pkg.version) },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Two cores: the e2e suites spawn the built binary, keep parallelism modest.
    maxWorkers: 2,
  },
});

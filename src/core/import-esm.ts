/**
 * import(), kept out of the code-cached CLI bundle: code restored from a V8 code cache cannot run
 * import() (src/cli/code-cache.ts). scripts/build.mjs builds this file as dist/import-esm.cjs, which
 * Node loads the usual way; the bundle requires it.
 */
export function importEsm(specifier: string): Promise<Record<string, unknown>> {
  return import(specifier);
}

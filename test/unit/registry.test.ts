import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES, OWN_COMMANDS } from '../../src/cli/command-names.js';
import { PROVIDER_LIST, PROVIDERS, secretNames, secretSettingKeys } from '../../src/providers/index.js';
import { DERIVED_FILES, deriveFiles, layoutJson } from '../../scripts/gen-schemas.js';

const schema = (name: string) => JSON.parse(readFileSync(new URL(`../../schema/${name}`, import.meta.url), 'utf8'));

/** Every `"provider": { "enum": [...] }` anywhere in a JSON Schema, with its path. */
function providerEnums(node: unknown, path = '#'): Array<{ path: string; values: unknown[] }> {
  if (!node || typeof node !== 'object') return [];
  const found: Array<{ path: string; values: unknown[] }> = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'provider' && value && typeof value === 'object' && Array.isArray((value as { enum?: unknown[] }).enum)) found.push({ path: `${path}/${key}`, values: (value as { enum: unknown[] }).enum });
    else found.push(...providerEnums(value, `${path}/${key}`));
  }
  return found;
}

describe('the provider registry (src/providers/index.ts)', () => {
  it('names each provider by its key', () => {
    for (const [key, provider] of Object.entries(PROVIDERS)) expect(provider.name).toBe(key);
  });

  it("the schemas' provider enums (results, errors, change events, config rows) list exactly the registry's providers", () => {
    const enums = [...providerEnums(schema('output.schema.json')), ...providerEnums(schema('config-output.schema.json'))];
    // results, errors, change events, and config's setting rows: none is missed by the search.
    expect(enums.length).toBeGreaterThanOrEqual(4);
    for (const e of enums) expect(e.values, e.path).toEqual(Object.keys(PROVIDERS));
  });

  it("the config file schema has a section per provider, holding exactly its settings table's keys", () => {
    const config = schema('config.schema.json');
    expect(Object.keys(config.definitions.profile.properties).filter((k) => k !== 'tasks').sort()).toEqual(Object.keys(PROVIDERS).sort());
    for (const p of PROVIDER_LIST) expect(Object.keys(config.definitions[p.name].properties).sort(), p.name).toEqual([...Object.values(p.settings).map((s) => s.key), 'concurrency'].sort());
  });

  it('every command name is unique and the program lists the providers\' commands first', () => {
    expect(new Set(COMMAND_NAMES).size).toBe(COMMAND_NAMES.length);
    expect(COMMAND_NAMES.slice(0, -OWN_COMMANDS.length)).toEqual(PROVIDER_LIST.flatMap((p) => p.commands.map((c) => c.name)));
    expect(COMMAND_NAMES.slice(-OWN_COMMANDS.length)).toEqual([...OWN_COMMANDS]);
  });

  it("the config schema's task services are exactly the registry's fleet services", () => {
    const fleet = PROVIDER_LIST.flatMap((p) => p.commands.flatMap((c) => (c.fleet ? [c.fleet.service] : [])));
    expect([...schema('config.schema.json').definitions.task.properties.service.enum].sort()).toEqual([...fleet].sort());
  });

  it('the committed schemas and .statusrc.example are what the registry derives (npm run build regenerates them)', () => {
    const root = new URL('../../', import.meta.url);
    const derived = deriveFiles(root);
    for (const file of DERIVED_FILES) expect(readFileSync(new URL(file, root), 'utf8'), `${file}: run npm run build`).toBe(derived[file]);
  });

  it('derives a config section and a task service for a provider added to the registry, and drops a removed one', () => {
    const root = new URL('../../', import.meta.url);
    const extra = { ...PROVIDERS.ninedata, name: 'acme', title: 'Acme', settings: { apiKey: { key: 'apiKey', secret: true } }, authModes: { title: 'Acme', modes: ['key', 'oauth'] }, commands: [{ ...PROVIDERS.ninedata.commands[0], name: 'acme', fleet: { service: 'acme-sync' } }] };
    const examples: Record<string, string> = { ucloud: 'ucloud:\n  region: r1\n', huawei: 'huawei:\n  region: r2\n', acme: 'acme:\n  apiKey: ${ACME_KEY}\n' };
    const derived = deriveFiles(root, [...PROVIDER_LIST.slice(1), extra], (name) => examples[name]);
    {
      const config = JSON.parse(derived['schema/config.schema.json']);
      expect(Object.keys(config.definitions.profile.properties)).toEqual(['ucloud', 'huawei', 'acme', 'tasks']);
      expect(config.definitions.acme).toEqual({ type: 'object', description: 'an object of Acme settings', additionalProperties: false, properties: { apiKey: { $ref: '#/definitions/value' }, concurrency: { $ref: '#/definitions/serviceConcurrency' } } });
      expect(config.definitions.ninedata).toBeUndefined();
      expect(config.definitions.task.properties.service.enum).toEqual(['udts', 'starrocks', 'drs', 'acme-sync']);
      const out = JSON.parse(derived['schema/config-output.schema.json']);
      expect(out.required).toEqual(['schemaVersion', 'profile', 'configFile', 'general', 'huaweiAuth', 'acmeAuth', 'settings']);
      expect(out.properties.acmeAuth.properties.mode.enum).toEqual(['key', 'oauth', 'none']);
      expect(JSON.parse(derived['schema/output.schema.json']).definitions.result.properties.provider.enum).toEqual(['ucloud', 'huawei', 'acme']);
      expect(derived['.statusrc.example']).toMatch(/^ {2}default:.*\n {4}ucloud:\n {6}region: r1\n {6}# concurrency: 4 .*\n {4}huawei:\n {6}region: r2\n.*\n {4}acme:\n {6}apiKey: \$\{ACME_KEY\}\n {6}# concurrency: 4 +# SYNCSTAT_ACME_CONCURRENCY: at most 4 Acme requests in flight\n\n {2}staging:/m);
    }
  });

  it('lays JSON out as the schemas are written: short objects on one line, definitions spread', () => {
    expect(layoutJson({ definitions: { a: { type: 'string' } }, b: { c: [1, 2] } })).toBe('{\n  "definitions": {\n    "a": {\n      "type": "string"\n    }\n  },\n  "b": { "c": [1, 2] }\n}');
  });

  it("the secret keys come from the settings tables' secret marks", () => {
    expect([...secretSettingKeys()].sort()).toEqual(['accessKeySecret', 'password', 'privateKey', 'securityToken', 'sk', 'token']);
    const names = secretNames();
    for (const key of secretSettingKeys()) expect(names.fields).toContain(key);
  });
});

describe('a provider is one folder', () => {
  it('outside src/providers/, no file under src/ names a provider, in any case (comments included)', () => {
    const root = fileURLToPath(new URL('../../src/', import.meta.url));
    const files = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
    // The words of `grep -rlnE "ninedata|ucloud|huawei|udts|starrocks|drs" src`, and every registered provider's name.
    const words = new Set(['ninedata', 'ucloud', 'huawei', 'udts', 'starrocks', 'drs', ...Object.keys(PROVIDERS)]);
    const namers = files(root)
      .map((file) => relative(root, file).replaceAll('\\', '/'))
      .filter((file) => !file.startsWith('providers/') || file === 'providers/index.ts')
      .filter((file) => [...words].some((w) => readFileSync(join(root, file), 'utf8').toLowerCase().includes(w)));
    expect(namers).toEqual(['providers/index.ts']);
  });
});

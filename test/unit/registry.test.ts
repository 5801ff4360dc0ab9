import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES, OWN_COMMANDS } from '../../src/cli/command-names.js';
import { PROVIDER_LIST, PROVIDERS, secretNames, secretSettingKeys } from '../../src/providers/index.js';

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
    for (const p of PROVIDER_LIST) expect(Object.keys(config.definitions[p.name].properties).sort(), p.name).toEqual(Object.values(p.settings).map((s) => s.key).sort());
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

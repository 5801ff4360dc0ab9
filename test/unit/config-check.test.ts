import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkConfig } from '../../src/core/config-check.js';
import { didYouMean } from '../../src/core/did-you-mean.js';
import { AuthError } from '../../src/core/errors.js';
import { GENERAL_SETTINGS, OUTPUT_FORMATS } from '../../src/core/general-settings.js';
import { NINEDATA_SETTINGS } from '../../src/providers/ninedata/client.js';
import { UCLOUD_SETTINGS } from '../../src/providers/ucloud/client.js';
import { HUAWEI_SETTINGS } from '../../src/providers/huawei/settings.js';

const FILE = '/p/.statusrc.yaml';
const schema = JSON.parse(readFileSync(new URL('../../schema/config.schema.json', import.meta.url), 'utf8'));

function check(config: unknown): { warnings: string[]; error?: string } {
  const warnings: string[] = [];
  try {
    checkConfig(FILE, config, (m) => warnings.push(m));
    return { warnings };
  } catch (err) {
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).exitCode).toBe(3);
    return { warnings, error: (err as AuthError).message };
  }
}

describe('the config schema', () => {
  it("knows exactly each service's settings and the general keys", () => {
    // Each service's settings, and its own concurrency.
    const keys = (table: Record<string, { key: string }>) => [...Object.values(table).map((s) => s.key), 'concurrency'].sort();
    expect(Object.keys(schema.definitions.ninedata.properties).sort()).toEqual(keys(NINEDATA_SETTINGS));
    expect(Object.keys(schema.definitions.ucloud.properties).sort()).toEqual(keys(UCLOUD_SETTINGS));
    expect(Object.keys(schema.definitions.huawei.properties).sort()).toEqual(keys(HUAWEI_SETTINGS));
    expect(Object.keys(schema.properties).sort()).toEqual(['$schema', 'profiles', 'tasks', 'staleAfter', ...GENERAL_SETTINGS.map((s) => s.key)].sort());
    expect(schema.properties.output.enum).toEqual([...OUTPUT_FORMATS]);
  });

  it('accepts a full file, ${NAME} references, numbers, empty keys and task lists', () => {
    expect(check({
      $schema: './schema/config.schema.json',
      output: 'json', timeout: '30m', requestTimeout: 5, retries: 0, concurrency: 64,
      tasks: [{ service: 'ninedata', id: 'rp-x', name: 'orders', labels: { env: 'prod', wave: 3 } }, { service: 'starrocks', instance: 'i', tasks: ['a'] }],
      profiles: { default: { ninedata: { accessKeyId: '${ID}', accessKeySecret: null }, huawei: { projectId: 1234 }, tasks: [] }, other: {} },
    })).toEqual({ warnings: [] });
  });
});

describe('checkConfig', () => {
  // [config, warnings]
  const unknown: Array<[unknown, string[]]> = [
    [{ ouput: 'json' }, [`${FILE}: unknown key "ouput" (did you mean "output"?)`]],
    [{ profiles: { default: { ninedta: {} } } }, [`${FILE}: unknown key "profiles.default.ninedta" (did you mean "ninedata"?)`]],
    [{ profiles: { prod: { ucloud: { acessKeyId: 'x', publickey: 'y' } } } }, [
      `${FILE}: unknown key "profiles.prod.ucloud.acessKeyId"`,
      `${FILE}: unknown key "profiles.prod.ucloud.publickey" (did you mean "publicKey"?)`,
    ]],
    [{ profiles: { default: { ninedata: { acessKeyId: 'x' } } } }, [`${FILE}: unknown key "profiles.default.ninedata.acessKeyId" (did you mean "accessKeyId"?)`]],
    [{ colour: true }, [`${FILE}: unknown key "colour"`]],
    // The file's text never reaches the terminal with its control characters.
    [{ 'x\x1b[2J': 1 }, [`${FILE}: unknown key "x\\u001b[2J"`]],
  ];
  it.each(unknown)('warns once per unknown key, with a did-you-mean: %j', (config, warnings) => {
    expect(check(config)).toEqual({ warnings });
  });

  // [config, error]
  const bad: Array<[unknown, string]> = [
    [{ retries: 'lots' }, `${FILE}: invalid value for "retries": "lots" (expected a whole number from 0 to 10)`],
    [{ retries: 11 }, `${FILE}: invalid value for "retries": 11 (expected a whole number from 0 to 10)`],
    [{ output: 'xml' }, `${FILE}: invalid value for "output": "xml" (expected one of table, wide, json, ndjson, tsv, junit, github, yaml, openmetrics, prometheus)`],
    [{ timeout: 'soon' }, `${FILE}: invalid value for "timeout": "soon" (expected a duration more than 0: 500ms, 10s, 5m, 1h30m or a bare number of seconds)`],
    [{ requestTimeout: -1 }, `${FILE}: invalid value for "requestTimeout": -1 (expected a duration more than 0: 500ms, 10s, 5m, 1h30m or a bare number of seconds)`],
    [{ profiles: { default: { ninedata: { endpoint: ['a'] } } } }, `${FILE}: invalid value for "profiles.default.ninedata.endpoint": a list (expected a string, which may reference the environment as \${NAME})`],
    // Never the contents of an object: it could hold a secret.
    [{ profiles: { default: { huawei: { sk: { value: 'hush' } } } } }, `${FILE}: invalid value for "profiles.default.huawei.sk": an object (expected a string, which may reference the environment as \${NAME})`],
    [{ profiles: { default: 'ninedata' } }, `${FILE}: invalid value for "profiles.default": "ninedata" (expected an object with a section per service: ninedata, ucloud, huawei)`],
    [{ profiles: [] }, `${FILE}: invalid value for "profiles": a list (expected an object of profiles: profiles.<name>.<service>)`],
    [{ tasks: [1] }, `${FILE}: invalid value for "tasks[0]": 1 (expected a task: { service, id (a starrocks entry: instance, and optionally tasks), name, labels })`],
    [{ tasks: [{ service: 'udts', id: 'x' }, { id: 'y' }] }, `${FILE}: "tasks[1]" has no "service" (expected a task: { service, id (a starrocks entry: instance, and optionally tasks), name, labels })`],
    [{ profiles: { default: { tasks: [{ service: 'dsr', id: 'x' }] } } }, `${FILE}: invalid value for "profiles.default.tasks[0].service": "dsr" (expected one of ninedata, udts, starrocks, drs)`],
    [{ retries: 'lots', concurrency: 0 }, `${FILE}: invalid value for "retries": "lots" (expected a whole number from 0 to 10); and 1 more invalid value`],
  ];
  it.each(bad)('rejects a bad value naming the file, the key path and what is allowed: %j', (config, error) => {
    expect(check(config).error).toBe(error);
  });

  it('reports the unknown keys, then fails on the bad value', () => {
    expect(check({ ouput: 'json', retries: 'lots' })).toEqual({
      warnings: [`${FILE}: unknown key "ouput" (did you mean "output"?)`],
      error: `${FILE}: invalid value for "retries": "lots" (expected a whole number from 0 to 10)`,
    });
  });
});

describe('didYouMean', () => {
  const cases: Array<[string, string[], string | undefined]> = [
    ['ouput', ['output', 'timeout'], 'output'],
    ['acessKeyId', ['accessKeyId', 'accessKeySecret'], 'accessKeyId'],
    ['ninedta', ['ninedata', 'ucloud', 'huawei'], 'ninedata'],
    ['hauwei', ['ninedata', 'ucloud', 'huawei'], 'huawei'],
    ['retires', ['retries', 'timeout'], 'retries'],
    ['xy', ['ak', 'sk'], undefined],
    ['color', ['output', 'profiles'], undefined],
  ];
  it.each(cases)('%s among %j -> %s', (word, candidates, expected) => {
    expect(didYouMean(word, candidates)).toBe(expected);
  });
});

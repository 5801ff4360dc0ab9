import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedDir, parseJson, runBin, startSim } from '../helpers.js';
import { assertValidConfigOutput } from '../schema.js';

// `syncstat config`: each setting, resolved as the commands resolve it, with its source; secrets never shown.
const SECRETS = { nd: 'nd-secret-value-5f1e', hw: 'hw-sk-value-0a9c', ucloud: 'ucloud-private-7d2b' };
const EXAMPLE = fileURLToPath(new URL('../../.statusrc.example', import.meta.url));

let sim: Awaited<ReturnType<typeof startSim>>;
beforeAll(async () => {
  sim = await startSim();
});
afterAll(() => sim.close());

/** The simulator's NineData variables only: a user who set up one service. */
const nineDataOnly = () => Object.fromEntries(Object.entries(sim.env).filter(([k]) => k.startsWith('NINEDATA_')));

function home() {
  const { dir } = isolatedDir();
  mkdirSync(join(dir, '.ucloud'));
  writeFileSync(join(dir, '.ucloud', 'credential.json'), JSON.stringify([{ profile: 'default', public_key: 'pk-from-cli', private_key: SECRETS.ucloud }]));
  writeFileSync(join(dir, '.ucloud', 'config.json'), JSON.stringify([{ profile: 'default', active: true, region: 'cn-sh2' }]));
  writeFileSync(join(dir, '.statusrc.json'), JSON.stringify({ profiles: { default: { huawei: { region: 'cn-north-4', ak: 'HWAK', sk: '${HW_SK}' } } } }), { mode: 0o600 });
  return dir;
}

/** A directory holding `.statusrc.yaml` with this text (private: no permission warning). */
function withConfig(text: string): { dir: string; file: string } {
  const { dir } = isolatedDir();
  const file = join(dir, '.statusrc.yaml');
  writeFileSync(file, text, { mode: 0o600 });
  return { dir, file };
}

const row = (out: { settings: Array<{ provider: string; setting: string }> }, provider: string, setting: string) =>
  out.settings.find((r) => r.provider === provider && r.setting === setting);
const general = (out: { general: Array<{ setting: string }> }, setting: string) => out.general.find((g) => g.setting === setting);

describe('syncstat config', () => {
  it('shows every setting with its source, secrets only as set', async () => {
    const dir = home();
    const res = await runBin(['config', '--json', '--profile', 'default'], {
      cwd: dir,
      env: { HOME: dir, HW_SK: SECRETS.hw, NINEDATA_ACCESS_KEY_ID: 'nd-key', NINEDATA_ACCESS_KEY_SECRET: SECRETS.nd, SYNCSTAT_RETRIES: '5' },
    });
    expect(res.code).toBe(0);
    expect(res.stderr).toBe('');
    for (const secret of Object.values(SECRETS)) expect(res.stdout).not.toContain(secret);
    const out = JSON.parse(res.stdout);
    assertValidConfigOutput(out);
    expect(out).toMatchObject({ schemaVersion: 1, profile: 'default', configFile: join(dir, '.statusrc.json') });
    expect(out.general).toEqual([
      { setting: 'output', value: 'json', source: 'flag --json' },
      { setting: 'timeout', value: null, source: 'default' },
      { setting: 'requestTimeout', value: '10s', source: 'default' },
      { setting: 'retries', value: '5', source: 'env SYNCSTAT_RETRIES' },
      { setting: 'concurrency', value: '8', source: 'default' },
    ]);
    expect(row(out, 'ninedata', 'accessKeyId')).toEqual({ provider: 'ninedata', setting: 'accessKeyId', value: 'nd-key', set: true, secret: false, source: 'env NINEDATA_ACCESS_KEY_ID' });
    expect(row(out, 'ninedata', 'accessKeySecret')).toMatchObject({ value: null, set: true, secret: true, source: 'env NINEDATA_ACCESS_KEY_SECRET' });
    expect(row(out, 'ninedata', 'endpoint')).toMatchObject({ value: 'https://console.ninedata.cloud', source: 'default' });
    expect(row(out, 'huawei', 'sk')).toMatchObject({ value: null, set: true, source: `config ${join(dir, '.statusrc.json')} profiles.default.huawei.sk` });
    // Each UCloud setting credited to the UCloud CLI file it is in.
    expect(row(out, 'ucloud', 'publicKey')).toMatchObject({ value: 'pk-from-cli', source: `${join(dir, '.ucloud', 'credential.json')} (profile default)` });
    expect(row(out, 'ucloud', 'region')).toMatchObject({ value: 'cn-sh2', source: `${join(dir, '.ucloud', 'config.json')} (profile default)` });
    expect(row(out, 'ucloud', 'projectId')).toMatchObject({ value: null, set: false, source: 'not set' });
    expect(out.huaweiAuth).toEqual({ mode: 'aksk', reason: 'ak and sk set (modes are tried in the order aksk, token, password); the project id is looked up at IAM for region cn-north-4' });
  });

  it('prints a table: general settings first, the Huawei auth mode last', async () => {
    const dir = home();
    const table = await runBin(['config', '-o', 'table'], { cwd: dir, env: { HOME: dir, HW_SK: SECRETS.hw, HUAWEICLOUD_TOKEN: 'tok-1c2d', SYNCSTAT_HUAWEI_AUTH: 'token' } });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^profile default; config file .*\.statusrc\.json\nSERVICE +SETTING +VALUE +SOURCE\ngeneral +output +table +flag --output\n/);
    expect(table.stdout).toMatch(/^general +timeout +none \(30m for a wait\) +default$/m);
    expect(table.stdout).toMatch(/^general +requestTimeout +10s +default$/m);
    expect(table.stdout).toMatch(/^huawei +sk +\(set\) +config .*profiles\.default\.huawei\.sk$/m);
    expect(table.stdout).toMatch(/\nhuawei auth mode: token \(named by auth \(env SYNCSTAT_HUAWEI_AUTH\); the project id is looked up at IAM for region cn-north-4\)\n$/);
    expect(table.stdout).not.toContain(SECRETS.hw);
    expect(table.stdout).not.toContain('tok-1c2d');
  });

  it('works with one service configured: an unset ${NAME} of another service shows as unset (exit 0)', async () => {
    const { dir } = isolatedDir();
    copyFileSync(EXAMPLE, join(dir, '.statusrc.yaml'));
    const res = await runBin(['config', '--json'], { cwd: dir, env: { HOME: dir, ...nineDataOnly() } });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toBe('');
    const out = JSON.parse(res.stdout);
    assertValidConfigOutput(out);
    expect(row(out, 'ninedata', 'accessKeySecret')).toMatchObject({ set: true, source: 'env NINEDATA_ACCESS_KEY_SECRET' });
    expect(row(out, 'ucloud', 'publicKey')).toMatchObject({ value: null, set: false, source: 'unset (references ${UCLOUD_PUBLIC_KEY}, not set)' });
    expect(row(out, 'huawei', 'sk')).toMatchObject({ set: false, source: 'unset (references ${HUAWEICLOUD_SDK_SK}, not set)' });
    expect(row(out, 'ucloud', 'region')).toMatchObject({ value: 'cn-bj2', source: `config ${join(dir, '.statusrc.yaml')} profiles.default.ucloud.region` });
    expect(out.huaweiAuth).toEqual({ mode: 'none', reason: 'no AK/SK, token or IAM user/password is set' });
    expect(general(out, 'requestTimeout')).toEqual({ setting: 'requestTimeout', value: '10s', source: `config ${join(dir, '.statusrc.yaml')}: requestTimeout` });
  });

  it('says which options it takes instead of suggesting --version (exit 2)', async () => {
    const res = await runBin(['config', '--region', 'cn-bj2']);
    expect(res.code).toBe(2);
    expect(res.stderr).toBe("syncstat: error: unknown option '--region' (config takes --output, --json, --profile, --config, --no-color, --debug). See: syncstat config --help\n");
    expect((await runBin(['config', '--profle', 'x'])).stderr).toMatch(/unknown option '--profle' \(Did you mean --profile\?\)/);
  });
});

describe('the config file', () => {
  it('copied from .statusrc.example as its header says, keeps piped output JSON', async () => {
    const { dir } = isolatedDir();
    copyFileSync(EXAMPLE, join(dir, '.statusrc.yaml'));
    const res = await runBin(['status', 'rp-div0t0awwobr'], { cwd: dir, env: { HOME: dir, ...nineDataOnly() } });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toBe('');
    expect(parseJson(res.stdout).results[0]).toMatchObject({ id: 'rp-div0t0awwobr', phase: 'syncing' });
  });

  it('warns about each unknown key with the file, key path and a did-you-mean, and still runs', async () => {
    const { dir, file } = withConfig('ouput: json\nprofiles:\n  default:\n    ninedta: {}\n    ninedata:\n      acessKeyId: x\n');
    const res = await runBin(['status', 'rp-div0t0awwobr', '--json'], { cwd: dir, env: { HOME: dir, ...sim.env } });
    expect(res.code).toBe(0);
    expect(res.stderr.split('\n')).toEqual([
      `warning: ${file}: unknown key "ouput" (did you mean "output"?)`,
      `warning: ${file}: unknown key "profiles.default.ninedta" (did you mean "ninedata"?)`,
      `warning: ${file}: unknown key "profiles.default.ninedata.acessKeyId" (did you mean "accessKeyId"?)`,
      '',
    ]);
    expect(parseJson(res.stdout).results).toHaveLength(1);
  });

  // [file text, the error line after "<file>: "]
  const bad: Array<[string, string]> = [
    ['retries: lots\n', 'invalid value for "retries": "lots" (expected a whole number from 0 to 10)'],
    ['output: xml\n', 'invalid value for "output": "xml" (expected one of table, wide, json, ndjson, tsv, junit, github, yaml, openmetrics, prometheus)'],
    ['timeout: 0s\n', 'invalid value for "timeout": "0s" (expected a duration more than 0: 500ms, 10s, 5m, 1h30m or a bare number of seconds)'],
    ['profiles:\n  default:\n    ninedata:\n      endpoint: [a, b]\n', 'invalid value for "profiles.default.ninedata.endpoint": a list (expected a string, which may reference the environment as ${NAME})'],
  ];
  it.each(bad)('stops on a bad value with one line naming the file and key, before any request (exit 3): %j', async (text, message) => {
    const { dir, file } = withConfig(text);
    const before = sim.requests.length;
    const res = await runBin(['status', 'rp-div0t0awwobr'], { cwd: dir, env: { HOME: dir, ...sim.env } });
    expect(res.code).toBe(3);
    expect(res.stderr).toBe(`syncstat: error: ${file}: ${message}. Fix the file (schema/config.schema.json describes every key)\n`);
    expect(res.stdout).toBe('');
    expect(sim.requests.length).toBe(before);
  });
});

describe('SYNCSTAT_* environment defaults', () => {
  it('sets the output format; a flag still wins', async () => {
    const tsv = await runBin(['status', 'rp-div0t0awwobr'], { env: { ...sim.env, SYNCSTAT_OUTPUT: 'tsv' } });
    expect(tsv.code).toBe(0);
    expect(tsv.stdout).toMatch(/^provider\tkind\tid\t/);
    const json = await runBin(['status', 'rp-div0t0awwobr', '-o', 'json'], { env: { ...sim.env, SYNCSTAT_OUTPUT: 'tsv' } });
    expect(parseJson(json.stdout).results).toHaveLength(1);
  });

  it('SYNCSTAT_OUTPUT=junit makes every task command write JUnit (a CI job sets it once)', async () => {
    const res = await runBin(['status', 'rp-div0t0awwobr'], { env: { ...sim.env, SYNCSTAT_OUTPUT: 'junit' } });
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="syncstat status" tests="1" failures="0" errors="0">/);
  });

  it('names the variable, not a flag, when its value is bad (exit 3)', async () => {
    const res = await runBin(['status', 'rp-div0t0awwobr'], { env: { ...sim.env, SYNCSTAT_RETRIES: 'lots' } });
    expect(res.code).toBe(3);
    expect(res.stderr).toBe('syncstat: error: invalid SYNCSTAT_RETRIES "lots". Use a whole number from 0 to 10, or unset SYNCSTAT_RETRIES\n');
  });
});

describe('the config file, found and read safely', () => {
  it('refuses --config /dev/zero at once: exit 3, one line naming the file', async () => {
    const res = await runBin(['status', 'rp-div0t0awwobr', '--config', '/dev/zero'], { env: sim.env });
    expect(res.code).toBe(3);
    expect(res.stderr).toBe('syncstat: error: config file /dev/zero is not a regular file (a character device). Name a regular file\n');
  });

  it('ignores a package.json "status" key and says in --debug which file it used', async () => {
    const { dir } = isolatedDir();
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', status: 'beta' }));
    const none = await runBin(['status', 'rp-div0t0awwobr', '--json', '--debug'], { env: sim.env, cwd: dir });
    expect(none.code, none.stderr).toBe(0);
    expect(none.stderr).toMatch(/\[debug\] config file: none \(searched \S+ up to \S+, then \S+[\\/]syncstat\)/);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', status: 'beta', syncstat: { retries: 2 } }));
    const used = await runBin(['status', 'rp-div0t0awwobr', '--json', '--debug'], { env: sim.env, cwd: dir });
    expect(used.code, used.stderr).toBe(0);
    expect(used.stderr).toContain(`[debug] config file: ${join(dir, 'package.json')} (key "syncstat")`);
  });
});

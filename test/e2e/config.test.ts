import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isolatedDir, runBin } from '../helpers.js';

// `syncstat config`: each setting, resolved as the commands resolve it, with its source; secrets never shown.
const SECRETS = { nd: 'nd-secret-value-5f1e', hw: 'hw-sk-value-0a9c', ucloud: 'ucloud-private-7d2b' };

function home() {
  const { dir } = isolatedDir();
  mkdirSync(join(dir, '.ucloud'));
  writeFileSync(join(dir, '.ucloud', 'credential.json'), JSON.stringify([{ profile: 'default', public_key: 'pk-from-cli', private_key: SECRETS.ucloud }]));
  writeFileSync(join(dir, '.statusrc.json'), JSON.stringify({ profiles: { default: { huawei: { region: 'cn-north-4', ak: 'HWAK', sk: '${HW_SK}' } } } }), { mode: 0o600 });
  return dir;
}

describe('syncstat config', () => {
  it('shows every setting with its source, secrets only as set', async () => {
    const dir = home();
    const res = await runBin(['config', '--json', '--profile', 'default'], {
      cwd: dir,
      env: { HOME: dir, HW_SK: SECRETS.hw, NINEDATA_ACCESS_KEY_ID: 'nd-key', NINEDATA_ACCESS_KEY_SECRET: SECRETS.nd },
    });
    expect(res.code).toBe(0);
    expect(res.stderr).toBe('');
    for (const secret of Object.values(SECRETS)) expect(res.stdout).not.toContain(secret);
    const out = JSON.parse(res.stdout);
    expect(out).toMatchObject({ schemaVersion: 1, profile: 'default', configFile: join(dir, '.statusrc.json') });
    const row = (provider: string, setting: string) => out.settings.find((r: { provider: string; setting: string }) => r.provider === provider && r.setting === setting);
    expect(row('ninedata', 'accessKeyId')).toEqual({ provider: 'ninedata', setting: 'accessKeyId', value: 'nd-key', set: true, secret: false, source: 'env NINEDATA_ACCESS_KEY_ID' });
    expect(row('ninedata', 'accessKeySecret')).toMatchObject({ value: null, set: true, secret: true, source: 'env NINEDATA_ACCESS_KEY_SECRET' });
    expect(row('ninedata', 'endpoint')).toMatchObject({ value: 'https://console.ninedata.cloud', source: 'default' });
    expect(row('huawei', 'sk')).toMatchObject({ value: null, set: true, source: `config ${join(dir, '.statusrc.json')} profiles.default.huawei.sk` });
    expect(row('ucloud', 'publicKey')).toMatchObject({ value: 'pk-from-cli', source: `${join(dir, '.ucloud', 'credential.json')} (profile default)` });
    expect(row('ucloud', 'projectId')).toMatchObject({ value: null, set: false, source: 'not set' });
  });

  it('prints a table, and fails like the commands would on a broken reference (exit 3)', async () => {
    const dir = home();
    const table = await runBin(['config', '-o', 'table'], { cwd: dir, env: { HOME: dir, HW_SK: SECRETS.hw } });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^profile default; config file .*\.statusrc\.json\nSERVICE +SETTING +VALUE +SOURCE\n/);
    expect(table.stdout).toMatch(/^huawei +sk +\(set\) +config .*profiles\.default\.huawei\.sk$/m);
    expect(table.stdout).not.toContain(SECRETS.hw);
    const broken = await runBin(['config'], { cwd: dir, env: { HOME: dir } });
    expect(broken.code).toBe(3);
    expect(broken.stderr).toMatch(/^syncstat: error: profiles\.default\.huawei\.sk in .* references \$\{HW_SK\}, which is not set/);
  });
});

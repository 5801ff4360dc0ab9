import type { SettingsReport } from '../core/settings-report.js';
import type { Paint } from './paint.js';

/** `syncstat config` as a table: one row per setting, unset ones dimmed, secrets as "(set)". */
export async function renderSettings(report: SettingsReport, paint: Paint): Promise<string> {
  const { newTable, tableText } = await import('./table.js');
  const table = newTable(['SERVICE', 'SETTING', 'VALUE', 'SOURCE'], paint);
  for (const r of report.settings) {
    const value = r.secret ? (r.set ? '(set)' : '-') : (r.value ?? '-');
    const row = [r.provider, r.setting, value, r.source];
    table.push(r.set ? row : row.map((c) => paint.dim(c)));
  }
  const header = `profile ${report.profile}; config file ${report.configFile ?? 'none found'}\n`;
  return header + tableText(table);
}

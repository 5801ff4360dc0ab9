import type { GeneralRow, SettingsReport } from '../core/settings-report.js';
import type { Paint } from './paint.js';
import { neutralize } from './safe-text.js';

/** What a general setting set nowhere means. */
const UNSET_GENERAL: Partial<Record<GeneralRow['setting'], string>> = {
  output: 'table on a terminal, json otherwise',
  timeout: 'none (30m for a wait)',
};

/**
 * `syncstat config` as a table: the general settings first, then one row per service setting (unset
 * ones dimmed, secrets as "(set)"), then the auth mode of each provider that has several.
 */
export async function renderSettings(report: SettingsReport, paint: Paint): Promise<string> {
  const { newTable, tableText } = await import('./table.js');
  const table = newTable(['SERVICE', 'SETTING', 'VALUE', 'SOURCE'], paint);
  for (const g of report.general) table.push(['general', g.setting, g.value ?? UNSET_GENERAL[g.setting] ?? '-', g.source]);
  for (const r of report.settings) {
    const value = r.secret ? (r.set ? '(set)' : '-') : (r.value ?? '-');
    const row = [r.provider, r.setting, value, r.source];
    table.push(r.set ? row : row.map((text) => ({ text, paint: paint.dim })));
  }
  const header = neutralize(`profile ${report.profile}; config file ${report.configFile ?? 'none found'}`) + '\n';
  // `<provider>Auth` sections: "<provider> auth mode: aksk (why)".
  const auth = Object.entries(report).flatMap(([key, value]) => {
    const m = /^(.+)Auth$/.exec(key);
    const row = value as { mode: string; reason: string };
    return m ? [neutralize(`${m[1]} auth mode: ${row.mode} (${row.reason})`) + '\n'] : [];
  });
  return header + tableText(table) + auth.join('');
}

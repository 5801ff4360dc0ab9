import type { ErrorEntry, Report, ReportedError, Result } from '../core/model.js';

export const SCHEMA_VERSION = 1;

export function publicError(e: ReportedError): ErrorEntry {
  return { id: e.id, provider: e.provider, code: e.code, message: e.message, requestId: e.requestId };
}

/** The stable envelope scripts parse: `{ schemaVersion, results, errors }`. */
export function renderJson(report: Report): string {
  return JSON.stringify({ schemaVersion: SCHEMA_VERSION, results: report.results, errors: report.errors.map(publicError) }, null, 2) + '\n';
}

/** One JSON object per line: each result, then `{ "error": {...} }` for each error. */
export function renderNdjson(report: Report): string {
  const lines = [...report.results.map((r) => JSON.stringify(r)), ...report.errors.map((e) => JSON.stringify({ error: publicError(e) }))];
  return lines.length ? lines.join('\n') + '\n' : '';
}

const TSV_COLUMNS = ['provider', 'kind', 'id', 'phase', 'status', 'progress', 'lagMs', 'stage', 'message', 'observedAt'] as const;

/** Tab-separated rows with a header, for cut/awk. Errors are rows with phase "error". */
export function renderTsv(report: Report): string {
  const clean = (v: unknown) => (v === null || v === undefined ? '' : String(v).replace(/[\t\n\r]/g, ' '));
  const rows = report.results.map((r: Result) => TSV_COLUMNS.map((c) => clean(r[c])).join('\t'));
  for (const e of report.errors) rows.push([e.provider, '', e.id, 'error', e.code, '', '', '', e.message, ''].map(clean).join('\t'));
  return [TSV_COLUMNS.join('\t'), ...rows].join('\n') + '\n';
}

/** --raw: the vendor bodies exactly as received, one per line. */
export function renderRaw(report: Report): string {
  return report.raw.map((body) => body.replace(/\n$/, '') + '\n').join('');
}

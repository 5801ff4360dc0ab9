import type { ErrorEntry, Report, ReportedError, Result } from '../core/model.js';
import { orderedEntries } from '../core/report.js';
import { jsonSafe, neutralize } from './safe-text.js';

export const SCHEMA_VERSION = 1;

export function publicError(e: ReportedError): ErrorEntry {
  return { id: e.id, provider: e.provider, code: e.code, message: e.message, requestId: e.requestId };
}

/**
 * The stable envelope scripts parse: `{ schemaVersion, results, errors }`. Text is kept exactly;
 * JSON.stringify escapes C0 controls, and jsonSafe the C1, LS/PS and bidi characters it leaves raw.
 */
export function renderJson(report: Report): string {
  return jsonSafe(JSON.stringify({ schemaVersion: SCHEMA_VERSION, results: report.results, errors: report.errors.map(publicError) }, null, 2)) + '\n';
}

/** One JSON object per line, in the order given: a result, or `{ "error": {...} }` for an id that could not be read. */
export function renderNdjson(report: Report): string {
  const lines = orderedEntries(report).map((e) => jsonSafe(JSON.stringify(e.result ?? { error: publicError(e.error) })));
  return lines.length ? lines.join('\n') + '\n' : '';
}

const TSV_COLUMNS = ['provider', 'kind', 'id', 'phase', 'status', 'progress', 'lagMs', 'stage', 'message', 'observedAt'] as const;

export const TSV_HEADER = TSV_COLUMNS.join('\t');

/**
 * Tab-separated rows with a header, for cut/awk. Errors are rows with phase "error". Each field is
 * one line of safe text: a tab shows as `\t`, a newline as ⏎, control characters as escapes (JSON
 * keeps the exact text).
 */
export function renderTsv(report: Report): string {
  return [TSV_HEADER, ...tsvRows(report.results, report.errors, report.ids)].join('\n') + '\n';
}

/** The data rows of renderTsv (no header), in the order given: also what `--watch -o tsv` streams. */
export function tsvRows(results: readonly Result[], errors: readonly ReportedError[] = [], ids?: string[]): string[] {
  const clean = (v: unknown) => (v === null || v === undefined ? '' : neutralize(String(v)));
  return orderedEntries({ results: [...results], errors: [...errors], raw: [], warnings: [], ids }).map(({ result: r, error: e }) =>
    (r ? TSV_COLUMNS.map((c) => r[c]) : [e.provider, '', e.id, 'error', e.code, '', '', '', e.message, '']).map(clean).join('\t'),
  );
}

/** --raw: the vendor bodies exactly as received, one per line; error answers too (never nothing for an error). */
export function renderRaw(report: Report): string {
  const errorBodies = report.errors.flatMap((e) => (e.rawBody === undefined ? [] : [e.rawBody]));
  return [...report.raw, ...new Set(errorBodies)].map((body) => body.replace(/\n$/, '') + '\n').join('');
}

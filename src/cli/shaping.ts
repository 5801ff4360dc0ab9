import { UsageError } from '../core/errors.js';
import { didYouMean } from '../core/did-you-mean.js';
import type { Report } from '../core/model.js';
import type { ChangeEvent } from '../render/events.js';
import { publicError, SCHEMA_VERSION, tsvRows } from '../render/json.js';
import { jsonSafe, fitCell } from '../render/safe-text.js';
import { COLUMN_NAMES, columnsTable, columnsTsv, queryTable, queryTsv, resolveColumn, sortReport, type Column } from '../render/shape.js';
import type { CliContext } from './context.js';
import type { TableRenderer } from './output.js';
import type { ShapeFlags } from './shape-options.js';

/**
 * --query, --columns, --sort-by, --no-headers, -o yaml and `--wide` (short for -o wide): read and
 * checked once, before any request (a bad expression or an unknown column is exit 2), then applied
 * where a report is written (renderReport) and to each thing a --watch streams. Loaded only when one
 * of them is given.
 */
export interface Shaping {
  query?: { text: string; search(data: unknown): unknown };
  columns?: Column[];
  sortBy?: Column;
  headers: boolean;
}

/** Formats each flag shapes; another format chosen by a flag is a usage error, one from env or the file gives way. */
const QUERY_FORMATS = ['json', 'yaml', 'ndjson', 'tsv', 'table', 'wide'];
const COLUMN_FORMATS = ['tsv', 'table', 'wide'];

export async function prepareShaping(ctx: CliContext, opts: ShapeFlags): Promise<void> {
  const given = Object.entries({ '--query': opts.query !== undefined, '--columns': opts.columns !== undefined, '--sort-by': opts.sortBy !== undefined, '--no-headers': opts.headers === false, '--wide': Boolean(opts.wide) });
  const first = given.find(([, on]) => on)?.[0];
  if (ctx.raw && first) throw new UsageError(`${first} shapes syncstat's own rows, and --raw prints the vendor's responses untouched`, { suggestion: 'Drop one of them' });
  const flagged = ctx.general.sources.output.startsWith('flag');
  const setOutput = (output: string) => {
    ctx.output = output;
    ctx.outputExplicit = true;
  };
  if (opts.wide) {
    if (flagged && !['table', 'wide'].includes(ctx.output)) throw new UsageError(`--wide is short for -o wide and cannot be combined with -o ${ctx.output}`, { suggestion: 'Drop one of them' });
    setOutput('wide');
  }
  if (opts.query !== undefined && opts.columns !== undefined) {
    throw new UsageError('--columns picks the columns of the rows, and --query makes its own', { suggestion: 'Pick in the query instead, e.g. --query "results[].{id: id, phase: phase}"' });
  }
  const shaping: Shaping = { headers: opts.headers !== false };
  if (opts.columns !== undefined) shaping.columns = parseColumns(opts.columns);
  if (opts.sortBy !== undefined) shaping.sortBy = columnOf(opts.sortBy, '--sort-by');
  if (opts.query !== undefined) shaping.query = await compileQuery(opts.query);

  const tableOrTsv = ctx.io.stdoutIsTTY ? 'table' : 'tsv';
  for (const [flag, on, formats, fallback] of [
    ['--columns', opts.columns !== undefined, COLUMN_FORMATS, tableOrTsv],
    ['--no-headers', opts.headers === false, COLUMN_FORMATS, tableOrTsv],
    ['--query', opts.query !== undefined, QUERY_FORMATS, ctx.io.stdoutIsTTY ? 'table' : 'json'],
  ] as const) {
    if (!on || formats.includes(ctx.output)) continue;
    if (flagged) throw new UsageError(`${flag} does not apply to -o ${ctx.output}`, { suggestion: `It shapes -o ${formats.join(', -o ')}` });
    // A default format (the terminal's, SYNCSTAT_OUTPUT, the config file) gives way to what the flag shapes.
    setOutput(fallback);
  }
  ctx.layout = { ...ctx.layout, full: ctx.output === 'wide', ...(shaping.headers ? {} : { headers: false }) };
  ctx.shape = shaping;
}

function columnOf(name: string, flag: string): Column {
  const column = resolveColumn(name.trim());
  if (column) return column;
  const near = didYouMean(name.trim(), COLUMN_NAMES.filter((n) => !n.includes('<')));
  throw new UsageError(`${flag}: unknown column "${name.trim()}"${near ? ` (did you mean "${near}"?)` : ''}`, { suggestion: `Known columns: ${COLUMN_NAMES.join(', ')}` });
}

function parseColumns(list: string): Column[] {
  const names = list.split(',').map((n) => n.trim()).filter(Boolean);
  if (!names.length) throw new UsageError('--columns names no column', { suggestion: `e.g. --columns id,phase,lag (known: ${COLUMN_NAMES.join(', ')})` });
  return names.map((n) => columnOf(n, '--columns'));
}

// ---- --query -------------------------------------------------------------------------------------

type Jmespath = typeof import('@jmespath-community/jmespath');

/** The parser's own words, without its "Syntax error:" prefix. */
const parserWords = (err: unknown) => (err instanceof Error ? err.message : String(err)).replace(/^Syntax error[:,]\s*/i, '').replace(/^syntax:\s*/i, '');

/** An error that only says the text ended too soon: a longer text could still be an expression. */
const endsTooSoon = (err: unknown) => /\bEOF\b|unexpected end/i.test(parserWords(err));

/**
 * Where an expression goes wrong, 1-based: the end of its shortest prefix that no longer parses for a
 * reason other than ending too soon (the parser names the token, not its place); the end of the text
 * when only its end is missing.
 */
export function errorColumn(jp: Jmespath, expression: string): number {
  if (expression.length <= 2000) {
    for (let k = 1; k < expression.length; k++) {
      try {
        jp.compile(expression.slice(0, k));
      } catch (err) {
        if (!endsTooSoon(err)) return tokenStart(jp, expression, k) + 1;
      }
    }
  }
  return expression.length + 1;
}

/** Where the token that ends at `end` starts (the lexer gives starts); `end - 1` when it cannot tell. */
function tokenStart(jp: Jmespath, expression: string, end: number): number {
  try {
    const starts = jp.tokenize(expression.slice(0, end)).map((t) => (t as { start: number }).start);
    return starts.filter((s) => s < end).at(-1) ?? end - 1;
  } catch {
    return end - 1;
  }
}

export async function compileQuery(text: string): Promise<NonNullable<Shaping['query']>> {
  const jp: Jmespath = await import('@jmespath-community/jmespath');
  let ast: ReturnType<Jmespath['compile']>;
  try {
    ast = jp.compile(text);
  } catch (err) {
    throw new UsageError(`--query: ${parserWords(err)} at column ${errorColumn(jp, text)}: ${fitCell(text, 200)}`, { suggestion: 'See https://jmespath.site for the syntax' });
  }
  // An unknown function is known now, not after the requests.
  for (const name of functionNames(ast)) {
    if (!jp.isRegistered(name)) throw new UsageError(`--query: unknown function ${name}(): ${fitCell(text, 200)}`, { suggestion: 'See https://jmespath.site for the functions' });
  }
  return {
    text,
    search: (data) => {
      try {
        return jp.TreeInterpreter.search(ast, data as Parameters<Jmespath['search']>[0]);
      } catch (err) {
        // A type error (abs() of a string): the expression's fault, not the data's.
        throw new UsageError(`--query: ${parserWords(err)}: ${fitCell(text, 200)}`, { suggestion: 'See https://jmespath.site for the functions and their types' });
      }
    },
  };
}

function functionNames(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) functionNames(n, out);
  else if (node && typeof node === 'object') {
    const n = node as { type?: string; name?: unknown };
    if (n.type === 'Function' && typeof n.name === 'string') out.push(n.name);
    for (const v of Object.values(node)) if (v && typeof v === 'object') functionNames(v, out);
  }
  return out;
}

// ---- writing -------------------------------------------------------------------------------------

/** The JSON envelope a query reads: exactly what -o json prints. */
export function envelope(report: Report): unknown {
  return { schemaVersion: SCHEMA_VERSION, results: report.results, errors: report.errors.map(publicError) };
}

const jsonText = (value: unknown) => jsonSafe(JSON.stringify(value, null, 2) ?? 'null') + '\n';
const jsonLine = (value: unknown) => jsonSafe(JSON.stringify(value) ?? 'null') + '\n';

/** NDJSON of a query's result: a list one line per item, anything else one line, null nothing. */
function ndjsonOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  return Array.isArray(value) ? value.map(jsonLine).join('') : jsonLine(value);
}

export interface ShapeWrite {
  /** --watch on a terminal: ids marked as changed. */
  changed?: ReadonlySet<string>;
  /** false: no header line (the rows a TSV --watch streams after its first). */
  header?: boolean;
}

/**
 * A report in ctx.output, shaped: sorted, then queried or cut to columns. What needs no shaping beyond
 * the order (JSON without a query, a CI report, …) is written by `plain`: renderReport without shaping.
 */
export async function renderShaped(ctx: CliContext, given: Report, table: TableRenderer, plain: (report: Report) => Promise<string>, write: ShapeWrite = {}): Promise<string> {
  const shape = ctx.shape ?? { headers: true };
  const report = shape.sortBy ? sortReport(given, shape.sortBy) : given;
  const header = shape.headers && write.header !== false;
  const query = shape.query;
  const result = () => query!.search(envelope(report));
  switch (ctx.output) {
    case 'json':
      if (query) return jsonText(result());
      break;
    case 'yaml':
      return (await import('../render/yaml.js')).renderYaml(query ? result() : envelope(report));
    case 'ndjson':
      if (query) return ndjsonOf(result());
      break;
    case 'tsv':
      if (query) return queryTsv(result(), header);
      if (shape.columns) return columnsTsv(report, shape.columns, header);
      if (!header) return tsvRows(report.results, report.errors, report.ids).map((l) => l + '\n').join('');
      break;
    case 'table':
    case 'wide':
      if (query) return fitLines(queryTable(result(), ctx.paint, ctx.layout), ctx);
      if (shape.columns) return fitLines(columnsTable(report, shape.columns, ctx.paint, ctx.layout, write.changed), ctx);
      return table(report, ctx, write.changed);
  }
  return plain(report);
}

/** A live --watch table keeps to the terminal's height: the lines that fit, then how many more there are. */
function fitLines(text: string, ctx: CliContext): string {
  const max = ctx.layout.maxLines;
  const lines = text.split('\n').slice(0, -1);
  if (max === undefined || lines.length <= max) return text;
  const keep = Math.max(1, max - 1);
  return [...lines.slice(0, keep), ctx.paint.dim(`… ${lines.length - keep} more lines`)].join('\n') + '\n';
}

/** --watch: the rows in --sort-by's order, so its events and tables follow it too. */
export function sortForWatch(ctx: CliContext, report: Report): Report {
  return ctx.shape?.sortBy ? sortReport(report, ctx.shape.sortBy) : report;
}

/** --watch NDJSON: with --query, the query's result for each change event, one line each (a null result: none). */
export function shapeEvents(ctx: CliContext, events: ChangeEvent[], plain: (events: ChangeEvent[]) => string): string {
  const query = ctx.shape?.query;
  if (!query) return plain(events);
  return events.map((e) => query.search(e)).filter((v) => v !== null && v !== undefined).map(jsonLine).join('');
}

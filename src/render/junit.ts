import type { Report, ReportedError, Result } from '../core/model.js';
import { orderedEntries } from '../core/report.js';
import { gradeItems, itemMessage, verdictFails, type PrecheckGateOptions } from './precheck-items.js';

// XML 1.0 allows tab, LF, CR and everything from U+0020 except surrogates out of pairs and U+FFFE/U+FFFF.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// A parser turns a literal CR into LF (and tab/LF into spaces in attributes): references keep them.
const TEXT_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const ATTR_ESCAPES: Readonly<Record<string, string>> = { ...TEXT_ESCAPES, '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;' };

// Characters XML carries but a terminal showing the file would obey (C1 controls such as CSI U+009B,
// DEL, bidi overrides, line/paragraph separators): written as character references, so a parser gets
// the text back exactly and `cat report.xml` shows nothing it would act on.
const AS_REFERENCE = /[\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;
const reference = (c: string) => `&#x${c.charCodeAt(0).toString(16)};`;

/** Element text: markup characters escaped, characters XML cannot carry replaced with U+FFFD. */
export function xmlText(value: string): string {
  return value.replace(NOT_XML, '\uFFFD').replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c]).replace(AS_REFERENCE, reference);
}

/** Attribute value: as text, plus quotes, and tab/newlines kept as character references. */
export function xmlAttr(value: string): string {
  return value.replace(NOT_XML, '\uFFFD').replace(/[&<>"'\t\n\r]/g, (c) => ATTR_ESCAPES[c]).replace(AS_REFERENCE, reference);
}

function attrs(pairs: Record<string, string | number>): string {
  return Object.entries(pairs)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('');
}

interface Suite {
  name: string;
  tests: number;
  failures: number;
  errors: number;
  timestamp?: string;
  body: string[];
}

const classOf = (id: string) => `syncstat.precheck.${id}`;

function testcase(id: string, name: string, inner: string[] = []): string {
  const open = `    <testcase${attrs({ classname: classOf(id), name })}`;
  return inner.length ? `${open}>\n${inner.map((l) => `      ${l}`).join('\n')}\n    </testcase>` : `${open}/>`;
}

function failure(message: string, type: string, text: string): string {
  return `<failure${attrs({ message, type })}>${xmlText(text)}</failure>`;
}

function resultSuite(r: Result, gate: PrecheckGateOptions): Suite {
  const items = gradeItems(r, gate);
  const body: string[] = [];
  let failures = 0;
  for (const item of items) {
    const name = item.name ?? item.id ?? 'unnamed check';
    const detail = [item.message, item.description].filter(Boolean).join('\n');
    if (item.fails) {
      failures++;
      body.push(testcase(r.id, name, [failure(itemMessage(item), item.status ?? 'failure', detail)]));
    } else if (item.grade === 'warning' || item.grade === 'other') {
      body.push(testcase(r.id, name, [`<system-out>${xmlText(`${item.status ?? 'unknown'}: ${itemMessage(item)}`)}</system-out>`]));
    } else {
      body.push(testcase(r.id, name));
    }
  }
  // A failing verdict must fail the report even when no item says why (or there are no items).
  if (verdictFails(r, gate) && failures === 0) {
    failures++;
    body.push(testcase(r.id, 'precheck verdict', [failure(`precheck verdict is ${r.status ?? 'unknown'}`, r.status ?? 'failure', r.message ?? '')]));
  }
  if (body.length === 0) body.push(testcase(r.id, 'precheck verdict', [`<system-out>${xmlText(`precheck verdict is ${r.status ?? 'unknown'} with no check items`)}</system-out>`]));
  return { name: r.id, tests: body.length, failures, errors: 0, timestamp: r.observedAt, body };
}

function errorSuite(e: ReportedError): Suite {
  const text = [e.requestId ? `requestId ${e.requestId}` : '', e.suggestion ?? ''].filter(Boolean).join('\n');
  return { name: e.id, tests: 1, failures: 0, errors: 1, body: [testcase(e.id, 'precheck', [`<error${attrs({ message: e.message, type: e.code })}>${xmlText(text)}</error>`])] };
}

/**
 * JUnit XML for CI test reports: one <testsuite> per task (named by its id), one <testcase> per check
 * item. Failing items (and warnings under --fail-on warning) are <failure>s; an id that could not be
 * read is a suite holding one <error>.
 */
export function renderPrecheckJunit(report: Report, gate: PrecheckGateOptions): string {
  const suites = orderedEntries(report).map((e) => (e.result ? resultSuite(e.result, gate) : errorSuite(e.error)));
  const sum = (k: 'tests' | 'failures' | 'errors') => suites.reduce((n, s) => n + s[k], 0);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites${attrs({ name: 'syncstat precheck', tests: sum('tests'), failures: sum('failures'), errors: sum('errors') })}>`];
  for (const s of suites) {
    lines.push(`  <testsuite${attrs({ name: s.name, tests: s.tests, failures: s.failures, errors: s.errors, skipped: 0, ...(s.timestamp ? { timestamp: s.timestamp } : {}) })}>`);
    lines.push(...s.body);
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}

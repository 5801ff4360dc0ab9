import { describe, expect, it } from 'vitest';
import type { Report, ReportedError } from '../../src/core/model.js';
import { normalizePrecheck } from '../../src/providers/ninedata/replication.js';
import { PRECHECK_FINISHED, unsettled } from '../../src/providers/ninedata/precheck-wait.js';
import { escapeData, escapeProperty, renderPrecheckGithub } from '../../src/render/github.js';
import { renderPrecheckJunit, xmlAttr, xmlText } from '../../src/render/junit.js';

const AT = '2026-11-22T10:00:00.000Z';
const item = (itemId: string, itemName: string, status: string, message = '') => ({ itemId, itemName, itemDescription: `${itemName} description`, status, message });

const FAILED = normalizePrecheck('rp-failed000001', {
  precheckStatus: 'failure',
  items: [
    item('loop', 'Cyclic replication check', 'success'),
    item('src', 'Source datasource connection check', 'failure', 'Failed to connect: root@1.2.3.4:8000 Caused by: Connection timed out'),
    item('binlog', 'Binlog retention check', 'warning', 'binlog kept 1 day; 3 days recommended'),
  ],
}, AT);
const WARNED = normalizePrecheck('rp-precheckwarn', { precheckStatus: 'warning', items: [item('src', 'Source check', 'success'), item('binlog', 'Binlog retention check', 'warning', 'keep binlogs longer')] }, AT);
const PASSED = normalizePrecheck('rp-precheckok01', { precheckStatus: 'success', items: [item('src', 'Source check', 'success'), item('dst', 'Target check', 'success')] }, AT);
const NOT_FOUND: ReportedError = { id: 'rp-doesnotexist', provider: 'ninedata', code: 'API_ERROR', message: 'replication rp-doesnotexist not found', requestId: 'req-42', exitCode: 4 };

const report = (results: Report['results'], errors: ReportedError[] = []): Report => ({ results, errors, raw: [], warnings: [] });

// A tiny XML reader for the tests: elements, attributes and text, entities decoded; throws on
// anything that is not well-formed (mismatched tags, bare "&" or "<", characters XML cannot carry).
interface El {
  name: string;
  attrs: Record<string, string>;
  children: El[];
  text: string;
}
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function decode(s: string): string {
  if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(s)) throw new Error(`bare & in ${JSON.stringify(s)}`);
  if (s.includes('<')) throw new Error(`bare < in ${JSON.stringify(s)}`);
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (_, e: string) => (e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : ENTITIES[e]));
}
function parseXml(xml: string): El {
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(xml)) throw new Error('character not allowed in XML');
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const root: El = { name: '#root', attrs: {}, children: [], text: '' };
  const stack = [root];
  const TOKEN = /<\/([\w:-]+)\s*>|<([\w:-]+)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>|([^<]+)/gy;
  let at = 0;
  for (let m = TOKEN.exec(body); m; m = TOKEN.exec(body)) {
    at = TOKEN.lastIndex;
    const top = stack[stack.length - 1];
    if (m[1]) {
      if (top.name !== m[1]) throw new Error(`</${m[1]}> closes <${top.name}>`);
      stack.pop();
    } else if (m[2]) {
      const attrs: Record<string, string> = {};
      for (const a of m[3].matchAll(/([\w:-]+)="([^"]*)"/g)) {
        if (Object.hasOwn(attrs, a[1])) throw new Error(`duplicate attribute ${a[1]}`);
        attrs[a[1]] = decode(a[2]);
      }
      const el: El = { name: m[2], attrs, children: [], text: '' };
      top.children.push(el);
      if (!m[4]) stack.push(el);
    } else {
      if (top === root && m[5].trim()) throw new Error('text outside the root element');
      top.text += decode(m[5]);
    }
  }
  if (at !== body.length) throw new Error(`not well-formed at ${JSON.stringify(body.slice(at, at + 30))}`);
  if (stack.length !== 1 || root.children.length !== 1) throw new Error('unclosed element or several roots');
  return root.children[0];
}
const kids = (el: El, name: string) => el.children.filter((c) => c.name === name);

describe('JUnit XML', () => {
  const xml = renderPrecheckJunit(report([FAILED, PASSED], [NOT_FOUND]), { failOn: 'failure' });
  const root = parseXml(xml);
  const suites = kids(root, 'testsuite');

  it('is well-formed: a <testsuites> root with counts that add up', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    expect(root.name).toBe('testsuites');
    expect(root.attrs).toMatchObject({ tests: '6', failures: '1', errors: '1' });
  });

  it('has one suite per task, named by its id, and one testcase per check item', () => {
    expect(suites.map((s) => s.attrs.name)).toEqual(['rp-failed000001', 'rp-precheckok01', 'rp-doesnotexist']);
    const [failed, passed] = suites;
    expect(failed.attrs).toMatchObject({ tests: '3', failures: '1', errors: '0', timestamp: AT });
    expect(kids(failed, 'testcase').map((t) => [t.attrs.classname, t.attrs.name])).toEqual([
      ['syncstat.precheck.rp-failed000001', 'Source datasource connection check'],
      ['syncstat.precheck.rp-failed000001', 'Binlog retention check'],
      ['syncstat.precheck.rp-failed000001', 'Cyclic replication check'],
    ]);
    expect(passed.attrs).toMatchObject({ tests: '2', failures: '0' });
    expect(kids(passed, 'testcase').every((t) => t.children.length === 0)).toBe(true);
  });

  it("reports a failing item as <failure> with the item's message; a warning passes with <system-out>", () => {
    const [source, binlog, cyclic] = kids(suites[0], 'testcase');
    const [failure] = kids(source, 'failure');
    expect(failure.attrs.message).toBe('Failed to connect: root@1.2.3.4:8000 Caused by: Connection timed out');
    expect(failure.attrs.type).toBe('failure');
    expect(kids(binlog, 'failure')).toHaveLength(0);
    expect(kids(binlog, 'skipped')).toHaveLength(0);
    expect(kids(binlog, 'system-out')[0].text).toBe('warning: binlog kept 1 day; 3 days recommended');
    expect(cyclic.children).toHaveLength(0);
  });

  it('turns warnings into failures under --fail-on warning', () => {
    const strict = parseXml(renderPrecheckJunit(report([WARNED]), { failOn: 'warning' }));
    expect(strict.attrs).toMatchObject({ tests: '2', failures: '1' });
    const binlog = kids(kids(strict, 'testsuite')[0], 'testcase').find((t) => t.attrs.name === 'Binlog retention check')!;
    expect(kids(binlog, 'failure')[0].attrs).toMatchObject({ message: 'keep binlogs longer', type: 'warning' });
    expect(parseXml(renderPrecheckJunit(report([WARNED]), { failOn: 'failure' })).attrs.failures).toBe('0');
  });

  it('makes an id that could not be read a suite with one <error>', () => {
    const errorSuite = suites[2];
    expect(errorSuite.attrs).toMatchObject({ tests: '1', failures: '0', errors: '1' });
    const [error] = kids(kids(errorSuite, 'testcase')[0], 'error');
    expect(error.attrs).toMatchObject({ message: 'replication rp-doesnotexist not found', type: 'API_ERROR' });
    expect(error.text).toContain('requestId req-42');
  });

  it('fails a failing verdict even when no item says why', () => {
    const bare = normalizePrecheck('rp-noitems00001', { precheckStatus: 'failure', items: [] }, AT);
    const suite = kids(parseXml(renderPrecheckJunit(report([bare]), { failOn: 'failure' })), 'testsuite')[0];
    expect(suite.attrs).toMatchObject({ tests: '1', failures: '1' });
    expect(kids(kids(suite, 'testcase')[0], 'failure')[0].attrs.message).toBe('precheck verdict is failure');
  });

  it('escapes & < > " \' and replaces characters XML cannot carry, in names, messages and ids', () => {
    const nasty = 'a & b < c > d " e \' f \u0001g\u0008h\u001Fi\uFFFEj\nk\tl\rm ]]> <!-- x --> \uD83D\uDE00 \uD800';
    const r = normalizePrecheck('rp-escape000001', { precheckStatus: 'failure', items: [item('x', `<check name="${nasty}">`, 'failure', nasty)] }, AT);
    const out = renderPrecheckJunit(report([r], [{ ...NOT_FOUND, id: 'rp-x&y', message: nasty }]), { failOn: 'failure' });
    const parsed = parseXml(out);
    const [suite, errorSuite] = kids(parsed, 'testsuite');
    const testcase = kids(suite, 'testcase')[0];
    const expected = 'a & b < c > d " e \' f \uFFFDg\uFFFDh\uFFFDi\uFFFDj\nk\tl\rm ]]> <!-- x --> \uD83D\uDE00 \uFFFD';
    expect(testcase.attrs.name).toBe(`<check name="${expected}">`);
    expect(kids(testcase, 'failure')[0].attrs.message).toBe(expected);
    expect(kids(testcase, 'failure')[0].text.startsWith(expected)).toBe(true);
    expect(errorSuite.attrs.name).toBe('rp-x&y');
    expect(kids(kids(errorSuite, 'testcase')[0], 'error')[0].attrs.message).toBe(expected);
    expect(out).not.toContain(']]>');
    expect(out).not.toContain('\r');
  });

  it('escapes text and attributes on their own', () => {
    expect(xmlText('1 < 2 && 3 > 2')).toBe('1 &lt; 2 &amp;&amp; 3 &gt; 2');
    expect(xmlAttr(`"it's"\n\t`)).toBe('&quot;it&apos;s&quot;&#10;&#9;');
    expect(xmlAttr('\u0000\u001B')).toBe('\uFFFD\uFFFD');
  });

  it('is an empty but valid report when there is nothing to report', () => {
    expect(parseXml(renderPrecheckJunit(report([]), { failOn: 'failure' })).attrs).toMatchObject({ tests: '0', failures: '0', errors: '0' });
  });
});

describe('GitHub Actions workflow commands', () => {
  it('annotates failures as ::error and warnings as ::warning, then one summary line per task', () => {
    expect(renderPrecheckGithub(report([FAILED, WARNED, PASSED], [NOT_FOUND]), { failOn: 'failure' }).split('\n')).toEqual([
      '::error title=Precheck rp-failed000001%3A Source datasource connection check::Failed to connect: root@1.2.3.4:8000 Caused by: Connection timed out',
      '::warning title=Precheck rp-failed000001%3A Binlog retention check::binlog kept 1 day; 3 days recommended',
      'precheck rp-failed000001: FAILED (1 failure, 1 warning, 1 passed)',
      '::warning title=Precheck rp-precheckwarn%3A Binlog retention check::keep binlogs longer',
      'precheck rp-precheckwarn: PASSED WITH WARNINGS (0 failures, 1 warning, 1 passed)',
      'precheck rp-precheckok01: PASSED (0 failures, 0 warnings, 2 passed)',
      '::error title=Precheck rp-doesnotexist::replication rp-doesnotexist not found (requestId req-42)',
      'precheck rp-doesnotexist: ERROR (replication rp-doesnotexist not found)',
      '',
    ]);
  });

  it('makes warnings errors under --fail-on warning', () => {
    expect(renderPrecheckGithub(report([WARNED]), { failOn: 'warning' })).toBe(
      '::error title=Precheck rp-precheckwarn%3A Binlog retention check::keep binlogs longer\n' +
        'precheck rp-precheckwarn: FAILED ON WARNINGS (0 failures, 1 warning, 1 passed)\n',
    );
  });

  it('escapes % CR LF in messages, and also : and , in properties, so no message can start a command', () => {
    expect(escapeData('100% done\r\n::error::x')).toBe('100%25 done%0D%0A::error::x');
    expect(escapeProperty('a: b, c%\n')).toBe('a%3A b%2C c%25%0A');
    const r = normalizePrecheck('rp-escape000001', { precheckStatus: 'failure', items: [item('x', 'Check a, b: c', 'failure', 'line 1\nline 2\r\n::warning::fake 50%')] }, AT);
    const out = renderPrecheckGithub(report([r]), { failOn: 'failure' });
    expect(out).toBe('::error title=Precheck rp-escape000001%3A Check a%2C b%3A c::line 1%0Aline 2%0D%0A::warning::fake 50%25\nprecheck rp-escape000001: FAILED (1 failure, 0 warnings, 0 passed)\n');
    const multiLineError = renderPrecheckGithub(report([], [{ ...NOT_FOUND, message: 'bad\n::error::injected' }]), { failOn: 'failure' });
    expect(multiLineError.split('\n').filter((l) => l.startsWith('::'))).toHaveLength(1);
  });

  it('uses the description when a failing item has no message, and flags a failing verdict without items', () => {
    const r = normalizePrecheck('rp-nomessage001', { precheckStatus: 'failure', items: [item('x', 'Quiet check', 'failure')] }, AT);
    expect(renderPrecheckGithub(report([r]), { failOn: 'failure' }).split('\n')[0]).toBe('::error title=Precheck rp-nomessage001%3A Quiet check::Quiet check description');
    const bare = normalizePrecheck('rp-noitems00001', { precheckStatus: 'failure', items: [] }, AT);
    expect(renderPrecheckGithub(report([bare]), { failOn: 'failure' })).toBe('::error title=Precheck rp-noitems00001::precheck verdict is failure\nprecheck rp-noitems00001: FAILED (0 failures, 0 warnings, 0 passed)\n');
  });
});

describe('precheck wait: the "precheck finished" condition', () => {
  const status = (id: string, s: string) => ({ ...PASSED, kind: 'replication', id, status: s, phase: 'running' as const });
  it('keeps ids still preChecking or unreachable, and settles the rest', () => {
    const poll = report([status('rp-a', 'preChecking'), status('rp-b', 'preCheckSuccess')], [
      { ...NOT_FOUND, id: 'rp-c', exitCode: 5, message: 'connection refused' },
      { ...NOT_FOUND, id: 'rp-d' },
    ]);
    expect(unsettled(poll)).toEqual(['rp-a', 'rp-c']);
    expect(PRECHECK_FINISHED.judge(poll)).toEqual({ state: 'waiting', why: ['rp-a is preChecking', 'rp-c: connection refused'] });
  });

  it('is met once nothing is prechecking, and ends on rejected credentials', () => {
    expect(PRECHECK_FINISHED.judge(report([status('rp-b', 'preCheckSuccess')], [{ ...NOT_FOUND, id: 'rp-d' }])).state).toBe('met');
    expect(PRECHECK_FINISHED.judge(report([], [{ ...NOT_FOUND, id: 'rp-d', exitCode: 3, message: 'signature rejected' }]))).toEqual({ state: 'fatal', why: ['rp-d: signature rejected'] });
  });
});

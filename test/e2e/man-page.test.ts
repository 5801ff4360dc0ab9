// man/syncstat.1, written by the build (scripts/man-page.mjs): valid roff, every command and topic in it.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../src/cli/command-names.js';
import { TOPIC_NAMES } from '../../src/help/topics.js';

const root = new URL('../../', import.meta.url);
const page = readFileSync(new URL('man/syncstat.1', root), 'utf8');
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { man: string; files: string[]; version: string };
const hasGroff = spawnSync('sh', ['-c', 'command -v groff']).status === 0;

describe('man/syncstat.1', () => {
  it('is the package\'s man page, shipped with it', () => {
    expect(pkg.man).toBe('./man/syncstat.1');
    expect(pkg.files).toContain('man');
    expect(page.split('\n')[0]).toBe(`.TH SYNCSTAT 1 "" "syncstat ${pkg.version}" "User Commands"`);
  });

  it('has every command (its --help) and every help topic', () => {
    const subsections = [...page.matchAll(/^\.SS (.*)$/gm)].map((m) => m[1]);
    for (const name of [...COMMAND_NAMES, 'help']) expect(subsections, name).toContain(name.replace(/-/g, '\\-'));
    const sections = [...page.matchAll(/^\.SH (.*)$/gm)].map((m) => m[1]);
    expect(sections).toEqual(['NAME', 'SYNOPSIS', 'DESCRIPTION', 'COMMANDS', ...TOPIC_NAMES.map((t) => t.toUpperCase()), 'SEE ALSO']);
    // A command's help is there in full: its examples and exit codes.
    expect(page).toContain('$ syncstat status rp\\-div0t0awwobr \\-\\-until syncing \\-\\-max\\-lag 5s \\-\\-timeout 20m');
  });

  it('is plain ASCII roff: no stray request, nothing unescaped', () => {
    expect(page).not.toMatch(/[^\x09\x0a\x20-\x7e]/);
    const requests = new Set([...page.matchAll(/^\.([A-Za-z]+)/gm)].map((m) => m[1]));
    expect([...requests].sort()).toEqual(['B', 'IP', 'PP', 'RE', 'RS', 'SH', 'SS', 'TH', 'br', 'fi', 'nf', 'sp']);
    expect(page).not.toMatch(/^'/m);
  });

  it.skipIf(!hasGroff)('renders under groff -man -ww without a warning', () => {
    const r = spawnSync('groff', ['-man', '-Tutf8', '-ww', '-z', 'man/syncstat.1'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const text = spawnSync('groff', ['-man', '-Tascii', '-P-cbou', 'man/syncstat.1'], { cwd: root, encoding: 'utf8' }).stdout;
    expect(text).toContain('syncstat - where your data-replication and migration tasks stand');
    expect(text).toMatch(/^ {3}Exit codes$/m);
  });
});

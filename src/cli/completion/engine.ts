import type { Command, Option } from 'commander';
import { COMMON_OPTIONS } from '../options.js';
import { valueSource, type Given } from './sources.js';

/** One thing the shell may insert, with what it is (zsh, fish and PowerShell show it). */
export interface Candidate {
  value: string;
  description?: string;
}

/** What to offer for the word being completed: candidates, or the shell's own file names. */
export interface Completion {
  candidates: Candidate[];
  files: boolean;
}

const NONE: Completion = { candidates: [], files: false };

/**
 * Completes the last of `words` (the words after `syncstat`; the last one is the word under the
 * cursor, maybe empty) from the commander tree itself: its commands, their options and arguments,
 * choices, plus the values sources.ts knows how to find (profiles, task ids, regions ...). Nothing
 * here lists a command or a flag by hand: what the program declares is what completes.
 */
export async function complete(program: Command, words: readonly string[], ctx: CompletionEnv): Promise<Completion> {
  const cur = words.at(-1) ?? '';
  const done = words.slice(0, -1);
  // Common options may come before the command (argv.ts hoists them): skip them to find it.
  let at = 0;
  let pending: Option | undefined;
  const given: Given = new Map();
  for (; at < done.length; at++) {
    const word = done[at];
    if (pending) {
      given.set(pending.attributeName(), word);
      pending = undefined;
    } else if (word.startsWith('-')) pending = takesSeparateValue(anyOption(program, word), word);
    else break;
  }
  const cmd = at < done.length ? findCommand(program, done[at]) : undefined;
  if (!cmd) {
    if (at < done.length) return NONE; // an unknown command: nothing sensible to offer
    if (pending) return valuesFor(program, pending, '', cur, given, ctx);
    if (cur.startsWith('-')) return filtered(optionCandidates(program, true), cur);
    return filtered(commandCandidates(program), cur);
  }

  let positionals = 0;
  let endOfOptions = false;
  for (at++; at < done.length; at++) {
    const word = done[at];
    if (pending) {
      given.set(pending.attributeName(), word);
      pending = undefined;
    } else if (!endOfOptions && word === '--') endOfOptions = true;
    else if (!endOfOptions && word.startsWith('-') && word !== '-') {
      const opt = findOption(cmd, word);
      const inline = inlineValue(word);
      if (opt && inline !== undefined) given.set(opt.attributeName(), inline);
      else if (opt && !opt.required && !opt.optional) given.set(opt.attributeName(), true);
      pending = takesSeparateValue(opt, word);
    } else positionals++;
  }

  if (pending) return valuesFor(cmd, pending, '', cur, given, ctx);
  if (!endOfOptions && cur.startsWith('--') && cur.includes('=')) {
    const opt = findOption(cmd, cur.slice(0, cur.indexOf('=')));
    return opt && (opt.required || opt.optional) ? valuesFor(cmd, opt, cur.slice(0, cur.indexOf('=') + 1), cur.slice(cur.indexOf('=') + 1), given, ctx) : NONE;
  }
  if (!endOfOptions && cur.startsWith('-')) return filtered(optionCandidates(cmd, false), cur);
  return positionalValues(cmd, positionals, cur, given, ctx);
}

/** Where the completing shell runs: for the config file and the task list. */
export interface CompletionEnv {
  cwd: string;
  home: string;
  env: Record<string, string | undefined>;
}

function findCommand(program: Command, name: string): Command | undefined {
  return program.commands.find((c) => c.name() === name || c.aliases().includes(name));
}

/** The option a word names (`-o`, `--output`, `--output=json`, `-ojson`), if the command has it. */
function findOption(cmd: Command, word: string): Option | undefined {
  const name = word.startsWith('--') ? word.split('=')[0] : word.slice(0, 2);
  return [...cmd.options, ...helpOptions(cmd)].find((o) => o.long === name || o.short === name);
}

/** Before the command: an option of any command (the common ones are hoisted), or the program's. */
function anyOption(program: Command, word: string): Option | undefined {
  return findOption(program, word) ?? program.commands.map((c) => findOption(c, word)).find(Boolean);
}

function inlineValue(word: string): string | undefined {
  if (word.startsWith('--')) return word.includes('=') ? word.slice(word.indexOf('=') + 1) : undefined;
  return word.length > 2 ? word.slice(2) : undefined;
}

/** The option when the next word is its value (not `--x=v` or `-xv`). */
function takesSeparateValue(opt: Option | undefined, word: string): Option | undefined {
  return opt && (opt.required || opt.optional) && inlineValue(word) === undefined ? opt : undefined;
}

function helpOptions(cmd: Command): Option[] {
  const help = (cmd as unknown as { _getHelpOption?: () => Option | null })._getHelpOption?.();
  return help ? [help] : [];
}

/** A description on one line, short enough for a completion menu. */
function brief(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const cut = line.search(/[:;(]| e\.g\./);
  const short = cut > 12 ? line.slice(0, cut).trim() : line;
  return short.length > 70 ? `${short.slice(0, 69)}…` : short;
}

function commandCandidates(program: Command): Candidate[] {
  return program.createHelp().visibleCommands(program).map((c) => ({ value: c.name(), description: brief(c.description()) }));
}

/** The long flags argv.ts moves from before the command to after it. */
const HOISTED = new Set(COMMON_OPTIONS.flatMap((o) => o.flags.split(/[ ,]+/).filter((f) => f.startsWith('--'))));

function optionCandidates(cmd: Command, withCommon: boolean): Candidate[] {
  const seen = new Set<string>();
  const out: Candidate[] = [];
  const common = withCommon ? cmd.commands.flatMap((c) => c.options.filter((o) => !o.hidden && o.long && HOISTED.has(o.long))) : [];
  const options = [...cmd.createHelp().visibleOptions(cmd), ...common];
  for (const o of options) {
    for (const flag of [o.long, o.short]) {
      if (!flag || seen.has(flag)) continue;
      seen.add(flag);
      out.push({ value: flag, description: brief(o.description) });
    }
  }
  return out;
}

async function valuesFor(cmd: Command, opt: Option, prefix: string, cur: string, given: Given, ctx: CompletionEnv): Promise<Completion> {
  const source = valueSource(cmd, opt);
  if (source === 'files') return { candidates: [], files: true };
  let values: Candidate[] = opt.argChoices ? opt.argChoices.map((value) => ({ value })) : [];
  if (!values.length && source) values = await source.values(given, ctx);
  // A comma-separated list (--phase failed,paused): complete its last item.
  const head = source && source.list ? cur.slice(0, cur.lastIndexOf(',') + 1) : '';
  const taken = new Set(head.split(',').filter(Boolean));
  const items = values.filter((c) => !taken.has(c.value)).map((c) => ({ ...c, value: prefix + head + c.value }));
  return filtered(items, prefix + cur);
}

async function positionalValues(cmd: Command, index: number, cur: string, given: Given, ctx: CompletionEnv): Promise<Completion> {
  const args = cmd.registeredArguments;
  const arg = args[Math.min(index, args.length - 1)];
  if (!arg || (index >= args.length && !arg.variadic)) return NONE;
  if (arg.argChoices) return filtered(arg.argChoices.map((value) => ({ value })), cur);
  const source = valueSource(cmd, arg);
  if (source === 'files') return { candidates: [], files: true };
  return filtered(source ? await source.values(given, ctx) : [], cur);
}

function filtered(candidates: Candidate[], cur: string): Completion {
  const seen = new Set<string>();
  return { candidates: candidates.filter((c) => c.value.startsWith(cur) && !seen.has(c.value) && seen.add(c.value)), files: false };
}

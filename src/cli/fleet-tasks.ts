import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { AuthError, SyncstatError, UsageError } from '../core/errors.js';
import { didYouMean } from '../core/did-you-mean.js';
import { fsReason } from '../core/fs-error.js';
import type { FleetService } from '../core/provider.js';
import type { CliContext } from './context.js';
import { formatBytes } from '../core/bounded-read.js';
import { IDS_INPUT_MAX_BYTES, readIdsStream } from './ids-input.js';

const TOO_LARGE = `A task list is read from at most ${formatBytes(IDS_INPUT_MAX_BYTES)}: split it, and select with --service / --label`;

/** One entry of a task list, checked: its place in the list, its service, its id and what narrows it. */
export interface FleetTask {
  index: number;
  service: string;
  id: string;
  name?: string;
  labels: Record<string, string>;
  /** The row ids to keep (a container's `select` key); undefined: every row. */
  select?: string[];
}

/** Where a task list came from: --tasks (exit 2 on a bad entry) or the config file (exit 3). */
interface Source {
  where: string;
  fail(message: string, suggestion?: string): SyncstatError;
}

const COMMON_KEYS = ['service', 'name', 'labels'];

/**
 * Reads the task list: `--tasks <file>` (YAML or JSON; "-" for stdin), else `tasks:` of the profile in
 * the config file (else its top-level `tasks:`). Each entry is checked against the services the
 * registry declares; an error names the entry by index and key (`tasks[3].id`).
 */
export async function loadFleetTasks(ctx: CliContext, file: string | undefined, services: ReadonlyMap<string, FleetService>): Promise<{ tasks: FleetTask[]; where: string; fromFile: boolean }> {
  if (file !== undefined) {
    const source: Source = { where: `--tasks ${file}`, fail: (m, suggestion) => new UsageError(`--tasks ${file}: ${m}`, { suggestion: suggestion ?? 'Fix the task list' }) };
    const text = await readTasksText(ctx, file);
    let parsed: unknown;
    try {
      const { loadYaml } = await import('cosmiconfig/dist/loaders.js');
      // YAML is a superset of JSON: one parser reads both.
      parsed = text.trim() === '' ? undefined : loadYaml(file, text);
    } catch (err) {
      const lines = (err instanceof Error ? err.message : String(err)).split('\n').map((l) => l.trim()).filter((l) => l && !/^(YAML|JSON) Error in .*:$/.test(l));
      throw source.fail(`not YAML or JSON: ${lines[0] ?? 'unknown error'}`);
    }
    const list = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as { tasks?: unknown }).tasks : parsed;
    return { tasks: checkTasks(list, source, services), where: source.where, fromFile: true };
  }
  const loaded = ctx.session.config;
  const profile = ctx.session.profile;
  const fromProfile = (loaded.config.profiles?.[profile] as Record<string, unknown> | undefined)?.tasks;
  const list = fromProfile ?? loaded.config.tasks;
  if (list === undefined) {
    throw new UsageError('no task list: give --tasks <file> or put tasks: in the config file', { suggestion: 'e.g. syncstat fleet --tasks fleet.yaml (see syncstat fleet --help)' });
  }
  const where = `${loaded.filepath ?? 'the config file'} (${fromProfile !== undefined ? `profiles.${profile}.tasks` : 'tasks'})`;
  return { tasks: checkTasks(list, { where, fail: (m, suggestion) => new AuthError(`${where}: ${m}`, { code: 'CONFIG', suggestion: suggestion ?? 'Fix the task list in the config file' }) }, services), where, fromFile: false };
}

async function readTasksText(ctx: CliContext, file: string): Promise<string> {
  if (file === '-') {
    if (!ctx.io.openStdin) throw new UsageError('"--tasks -" reads the task list from stdin, but there is no stdin');
    if (ctx.io.stdinIsTTY) ctx.log.info('reading the task list from stdin (Ctrl-D to end, Ctrl-C to stop)');
    return readIdsStream(ctx.io.openStdin(), 'stdin', ctx.io.signal, TOO_LARGE);
  }
  try {
    return await readIdsStream(createReadStream(resolve(ctx.io.cwd, file)), `--tasks ${file}`, ctx.io.signal, TOO_LARGE);
  } catch (err) {
    if (err instanceof SyncstatError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `no such file: ${file}` : `cannot read --tasks ${file}: ${fsReason(err)}`, { suggestion: 'Check the path given to --tasks' });
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Checks every entry; the first bad one is the error, named by its index and key. */
export function checkTasks(list: unknown, source: Source, services: ReadonlyMap<string, FleetService>): FleetTask[] {
  if (!Array.isArray(list)) throw source.fail('the task list must be a list of entries (tasks: [...])');
  if (list.length === 0) throw source.fail('the task list is empty');
  const known = [...services.keys()];
  const seen = new Map<string, number>();
  return list.map((entry, index) => {
    const at = `tasks[${index}]`;
    if (!isObject(entry)) throw source.fail(`${at} must be an object such as { service: ${known[0]}, id: ... }`);
    const service = entry.service;
    if (typeof service !== 'string' || service === '') throw source.fail(`${at}.service is missing (one of: ${known.join(', ')})`);
    const spec = services.get(service);
    if (!spec) {
      const guess = didYouMean(service, known);
      throw source.fail(`${at}.service: unknown service "${service}"${guess ? ` (did you mean "${guess}"?)` : ''}`, `One of: ${known.join(', ')}`);
    }
    const key = spec.key ?? 'id';
    const allowed = [...COMMON_KEYS, key, ...(spec.select ? [spec.select] : [])];
    for (const k of Object.keys(entry)) {
      if (allowed.includes(k)) continue;
      const guess = didYouMean(k, allowed);
      throw source.fail(`${at}.${k}: not a key of a ${service} entry${guess ? ` (did you mean "${guess}"?)` : ''}`, `Its keys: ${allowed.join(', ')}`);
    }
    const id = entry[key];
    if (typeof id !== 'string' || id.trim() === '') throw source.fail(`${at}.${key} is missing: a ${service} entry names its ${key}`);
    const task: FleetTask = { index, service, id: id.trim(), labels: {} };
    if (entry.name !== undefined) {
      if (typeof entry.name !== 'string' && typeof entry.name !== 'number') throw source.fail(`${at}.name must be a string`);
      task.name = String(entry.name);
    }
    if (entry.labels !== undefined) {
      if (!isObject(entry.labels)) throw source.fail(`${at}.labels must be an object of key: value`);
      for (const [k, v] of Object.entries(entry.labels)) {
        if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw source.fail(`${at}.labels.${k} must be a string`);
        task.labels[k] = String(v);
      }
    }
    if (spec.select && entry[spec.select] !== undefined) {
      const names = entry[spec.select];
      if (!Array.isArray(names) || names.some((n) => typeof n !== 'string' || n === '')) throw source.fail(`${at}.${spec.select} must be a list of names`);
      task.select = names as string[];
    }
    const identity = `${service}\0${task.id}\0${JSON.stringify(task.select ?? null)}`;
    const first = seen.get(identity);
    if (first !== undefined) throw source.fail(`${at} repeats tasks[${first}] (${service} ${task.id})`, 'List each task once');
    seen.set(identity, index);
    return task;
  });
}

/** A check of one entry's id by its query (a usage error), named by the entry's index and key. */
export function entryError(task: FleetTask, key: string, err: SyncstatError, fromFile: boolean, where: string): SyncstatError {
  const message = `${where}: tasks[${task.index}].${key}: ${err.message}`;
  return fromFile ? new UsageError(message, { suggestion: err.suggestion }) : new AuthError(message, { code: 'CONFIG', suggestion: err.suggestion });
}

import type { Command } from 'commander';

/**
 * The help topics (`syncstat help <topic>`), in the order they are listed, and which commands' --help
 * points to each: decided from the options a command has, so a new command gets its links by itself.
 * The text lives in docs/help/<topic>.md (bundled as strings; also the man page and the README's links).
 */
export const TOPICS: ReadonlyArray<{ name: string; summary: string; appliesTo: (cmd: Command) => boolean }> = [
  { name: 'config', summary: 'the config file, profiles, environment variables and their precedence', appliesTo: (cmd) => has(cmd, '--profile') },
  { name: 'output', summary: 'the JSON envelope, the NDJSON events of --watch, the exit codes and their order', appliesTo: (cmd) => has(cmd, '--output') },
  { name: 'waiting', summary: '--until conditions, --watch, timeouts, heartbeats and signals', appliesTo: (cmd) => has(cmd, '--until') || has(cmd, '--wait') },
  { name: 'fleet', summary: 'task lists: one table and one exit code across services', appliesTo: (cmd) => has(cmd, '--tasks') },
];

export const TOPIC_NAMES: readonly string[] = TOPICS.map((t) => t.name);

const has = (cmd: Command, flag: string) => cmd.options.some((o) => o.long === flag);

/** The "See also" line of a command's --help, or '' when no topic applies. */
export function seeAlso(cmd: Command): string {
  const topics = TOPICS.filter((t) => t.appliesTo(cmd)).map((t) => `syncstat help ${t.name}`);
  return topics.length ? `See also: ${topics.join(', ')}` : '';
}

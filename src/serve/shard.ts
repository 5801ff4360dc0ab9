import { UsageError } from '../core/errors.js';

/** This process's slice of the task list: `--shard i/n` (0 <= i < n). */
export interface Shard {
  index: number;
  count: number;
}

export function parseShard(text: string | undefined): Shard | undefined {
  if (text === undefined) return undefined;
  const m = /^\s*(\d{1,4})\s*\/\s*(\d{1,4})\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || count > 1024 || index >= count) {
    throw new UsageError(`--shard ${JSON.stringify(text)} is not i/n with 0 <= i < n <= 1024`, { suggestion: 'e.g. --shard 0/3, --shard 1/3 and --shard 2/3 on three exporters' });
  }
  return { index, count };
}

/** FNV-1a (32 bit) of the UTF-8 bytes: stable across processes, machines and Node versions. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h;
}

/** Whether a task (its `service/id`) is this shard's: the hash modulo n picks one exporter of n. */
export function inShard(shard: Shard | undefined, service: string, id: string): boolean {
  return !shard || fnv1a(`${service}/${id}`) % shard.count === shard.index;
}

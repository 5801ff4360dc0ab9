import { join } from 'node:path';

/** syncstat's cache directory (IAM tokens, the code cache): $XDG_CACHE_HOME/syncstat or ~/.cache/syncstat. */
export function userCacheDir(env: Record<string, string | undefined>, home: string): string {
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'syncstat');
}

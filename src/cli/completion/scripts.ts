// The per-shell scripts, bundled as strings (scripts/build.mjs and vitest.config.ts load them as text).
// Each is thin: it sends the words up to the cursor to `syncstat __complete` and offers what comes
// back (protocol.ts), so a new flag or format completes without touching them. The user's words are
// passed as arguments, never evaluated.
import bash from './syncstat.bash';
import fish from './syncstat.fish';
import powershell from './syncstat.ps1';
import zsh from './syncstat.zsh';
import type { SHELLS } from '../commands/completion.js';

const SCRIPTS: Readonly<Record<(typeof SHELLS)[number], string>> = { bash, zsh, fish, powershell };

export function completionScript(shell: (typeof SHELLS)[number]): string {
  return SCRIPTS[shell];
}

import { fitCell, neutralize } from '../render/safe-text.js';
import { redactUserinfo, type SecretRegistry } from './secrets.js';

export interface Sink {
  write(text: string): unknown;
}

interface LogPaint {
  dim(s: string): string;
  yellow(s: string): string;
  red(s: string): string;
}

/** The longest diagnostic line, in columns (debug lines are not cut). */
export const MAX_LINE = 4000;

const NO_COLOUR: LogPaint = { dim: (s) => s, yellow: (s) => s, red: (s) => s };

/**
 * Diagnostics for stderr, one line per call. Debug lines only with --debug. Every line is made safe
 * before it is coloured: control characters from a service (ids, statuses, messages) shown as visible
 * escapes and newlines folded, so no server text starts a line of its own or drives the terminal;
 * registered secrets scrubbed (diagnostics only: never stdout data), and URL passwords in debug lines.
 */
export class Logger {
  constructor(
    private readonly stderr: Sink,
    private readonly secrets: SecretRegistry,
    readonly debugEnabled: boolean,
    private readonly paint: LogPaint = NO_COLOUR,
  ) {}

  /**
   * A message as it may be written: one line, no control characters, no secret, and (but for debug
   * lines) at most MAX_LINE columns: a megabyte-long status in a warning must not flood the log.
   */
  clean(message: string, max = MAX_LINE): string {
    const text = this.secrets.scrub(message);
    return max === Infinity ? neutralize(text) : fitCell(text, max);
  }

  /** A debug line: requests, endpoints and proxies as they were used, URL passwords redacted. */
  debug(message: string): void {
    if (this.debugEnabled) this.stderr.write(this.paint.dim(`[debug] ${this.clean(redactUserinfo(message), Infinity)}`) + '\n');
  }

  warn(message: string): void {
    this.stderr.write(this.paint.yellow(`warning: ${this.clean(message)}`) + '\n');
  }

  /** `error: <message>`, the prefix in red. */
  error(message: string): void {
    this.stderr.write(this.paint.red('error: ') + this.clean(message) + '\n');
  }

  info(message: string): void {
    this.stderr.write(this.clean(message) + '\n');
  }
}

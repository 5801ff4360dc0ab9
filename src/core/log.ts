import type { SecretRegistry } from './secrets.js';

export interface Sink {
  write(text: string): unknown;
}

/** Diagnostics for stderr. Debug lines only with --debug; every line is scrubbed of secrets. */
export class Logger {
  constructor(
    private readonly stderr: Sink,
    private readonly secrets: SecretRegistry,
    readonly debugEnabled: boolean,
    private readonly paint: { dim(s: string): string; yellow(s: string): string } = { dim: (s) => s, yellow: (s) => s },
  ) {}

  debug(message: string): void {
    if (this.debugEnabled) this.stderr.write(this.secrets.scrub(this.paint.dim(`[debug] ${message}`)) + '\n');
  }

  warn(message: string): void {
    this.stderr.write(this.secrets.scrub(this.paint.yellow(`warning: ${message}`)) + '\n');
  }

  info(message: string): void {
    this.stderr.write(this.secrets.scrub(message) + '\n');
  }
}

import { EXIT } from './exit-codes.js';

export interface ErrorInit {
  /** Machine-readable code: the vendor's own code when there is one (e.g. "171", "APIGW.0301"). */
  code?: string;
  /** What to do about it, shown after the message. */
  suggestion?: string;
  requestId?: string | null;
  /** Worth another attempt (network errors, 429, 5xx, throttling codes). Never for auth errors. */
  retryable?: boolean;
  /** Server-requested delay before the next attempt (Retry-After). */
  retryAfterMs?: number;
  /** No connection to the service could be made (refused, DNS, TLS, proxy): it never answered. */
  unreachable?: boolean;
  /** The service said to slow down (HTTP 429, a vendor's throttling code): the whole service's pool backs off. */
  throttled?: boolean;
  cause?: unknown;
}

/** Every error the tool reports on purpose. Anything else is a bug and is reported as such. */
export class SyncstatError extends Error {
  readonly exitCode: number;
  readonly code: string;
  readonly suggestion?: string;
  /** The service's request id; a provider adds it to an error found reading that service's answer. */
  requestId: string | null;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly unreachable: boolean;
  readonly throttled: boolean;
  /** How many attempts were made before giving up (set by withRetries). */
  attempts = 1;
  /** The body of the answer that was an error, for --raw (set by callApi). */
  rawBody?: string;

  constructor(message: string, exitCode: number, defaultCode: string, init: ErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.code = init.code ?? defaultCode;
    this.suggestion = init.suggestion;
    this.requestId = init.requestId ?? null;
    this.retryable = init.retryable ?? false;
    this.retryAfterMs = init.retryAfterMs;
    this.unreachable = init.unreachable ?? false;
    this.throttled = init.throttled ?? false;
  }

  /** One line for stderr: message, request id, and what to do. */
  toLine(): string {
    let line = this.message;
    if (this.requestId) line += ` (requestId ${this.requestId})`;
    if (this.suggestion) line += `. ${this.suggestion}`;
    return line;
  }
}

/** Bad command line or input: exit 2, before any request is sent. */
export class UsageError extends SyncstatError {
  constructor(message: string, init?: ErrorInit) {
    super(message, EXIT.usage, 'USAGE', init);
  }
}

/** Missing or unusable configuration or credentials, or credentials the service rejected: exit 3. */
export class AuthError extends SyncstatError {
  constructor(message: string, init?: ErrorInit) {
    super(message, EXIT.auth, 'AUTH', { ...init, retryable: false });
  }
}

/** The service answered, with an error (not found, bad parameter): exit 4. */
export class ApiError extends SyncstatError {
  constructor(message: string, init?: ErrorInit) {
    super(message, EXIT.api, 'API_ERROR', init);
  }
}

/** Could not get a usable answer: connection, TLS, timeout, 5xx, 429, malformed body. Exit 5. */
export class NetworkError extends SyncstatError {
  constructor(message: string, init?: ErrorInit) {
    super(message, EXIT.network, 'NETWORK', { retryable: true, ...init });
  }
}

/** A wait ran out of time: exit 6. */
export class WaitTimeoutError extends SyncstatError {
  constructor(message: string, init?: ErrorInit) {
    super(message, EXIT.waitTimeout, 'WAIT_TIMEOUT', init);
  }
}

/** Ctrl-C (exit 130) or SIGTERM (143): the run's signal says which (its reason is the signal's name). */
export class InterruptedError extends SyncstatError {
  constructor(message = 'interrupted', exitCode: number = EXIT.interrupted) {
    super(message, exitCode, 'INTERRUPTED');
  }
}

/** The exit code for a run stopped by `signal`: 143 for SIGTERM, else 130. */
export function interruptExitCode(signal: AbortSignal | undefined): number {
  return signal?.reason === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
}

export function isSyncstatError(err: unknown): err is SyncstatError {
  return err instanceof SyncstatError;
}

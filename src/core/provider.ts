/**
 * What a provider is, as types only: the registry (src/providers/index.ts) lists them, and everything
 * that lists providers (the program, `syncstat config`, redaction, the simulator, the demo) derives
 * from it. Nothing here names one.
 */
import type { SettingsTable, TracedSetting } from './config.js';
import type { Report } from './model.js';
import type { Session } from './session.js';

/** One option a command declares, as data (src/cli turns it into commander's). */
export interface OptionSpec {
  flags: string;
  description: string;
  choices?: readonly string[];
  default?: string;
  /** Values shell completion offers (e.g. regions), loaded only when completing; never a check. */
  values?: () => Promise<readonly string[]>;
}

/**
 * A query command's code, loaded only when the command runs. The one action (src/cli/query-command.ts)
 * reads the options, then on the first poll checks the ids and connects; every poll of a wait reuses
 * that client.
 */
export interface Query<C = unknown, O = unknown> {
  /** The command's own options, read and checked (usage errors) before anything is sent. */
  options?(opts: Record<string, unknown>): O;
  /** Checks the ids (usage errors) before any request; returns warnings for stderr. */
  check(ids: string[], options: O): string[];
  /** Once per run: settings, credentials, token source; the client every poll reuses. */
  connect(s: Session, options: O): C | Promise<C>;
  /** One round of requests: called once, or on each poll of a wait. */
  fetch(s: Session, client: C, ids: string[], options: O): Promise<Report>;
}

/** A command with its own action (its own flags and renderers); `ctx` is src/cli's context. */
export interface OwnAction {
  run(ctx: unknown, ids: string[], opts: Record<string, unknown>): Promise<number>;
}

/** The code behind a command: a query for the one query action, or an action of its own. */
export type CommandCode = { query: Query<any, any>; action?: undefined } | { action: OwnAction; query?: undefined };

/** One subcommand, as data: the program declares it from this without loading the provider's code. */
export interface CommandSpec {
  name: string;
  description: string;
  /** commander's argument syntax, and what it is: ['[taskId...]', 'task ids']. */
  argument: readonly [syntax: string, description: string];
  /** The command's own options, declared before the common ones. */
  options?: readonly OptionSpec[];
  /** The -o formats, when not the common ones. */
  formats?: readonly string[];
  /** 'until': takes the wait options (--until, --watch) and lists their exit codes; 'wait': its own (--wait). */
  waits: 'until' | 'wait';
  /** What one id is, for messages about ids from arguments, --file and "-" (stdin): "job id". */
  idNoun: string;
  help: {
    /** Before the paragraph on waiting (how the command finds its credentials). */
    before?: string;
    /** The paragraph on waiting, when not the common one. */
    wait?: string;
    examples: readonly string[];
    /** Between the examples and the exit codes. */
    notes?: string;
  };
  /** Subtask types that replicate continuously: a lag, never a percentage (--wide shows "-" as progress). */
  continuousSubtasks?: readonly string[];
  /**
   * The service never reports a lag: what its rows are, for the note that --max-lag judges them on
   * their phase alone ("<noLag> report no lag: …"), e.g. "sync jobs".
   */
  noLag?: string;
  /** The command's code, loaded when it runs. */
  load(): Promise<CommandCode>;
  /** `syncstat fleet`: the task-list `service` this command's query serves (a query command only). */
  fleet?: FleetService;
}

/**
 * How a task-list entry maps to a query: `{ service, <key>: id }` becomes one id of one fetch. An
 * entry may name a container (an instance) whose rows say which one they came from (`rowKey`, a
 * `details` field), and narrow its rows to the ids listed under `select`.
 */
export interface FleetService {
  /** The entry's `service` value. */
  service: string;
  /** The entry key holding the id (default "id"). */
  key?: string;
  /** The `details` field of a row naming the entry's id (default: the row's own id). */
  rowKey?: string;
  /** An optional entry key listing the row ids to keep (all when absent). */
  select?: string;
}

/** How `syncstat config` reads a provider's settings (loaded only by that command). */
export interface SettingsTrace {
  /** Each setting's value and source, resolved as the provider's commands resolve them. */
  trace(s: Session): Record<string, TracedSetting>;
  /** The auth mode its commands would use and why, when it has several (`<name>Auth` in the report). */
  authMode?(traced: Record<string, TracedSetting>): { mode: string; reason: string };
}

/**
 * One provider. `Sim` is its simulator's type (src/sim/types.ts `ProviderSim`, named by the registry and
 * the provider's own meta): core never needs to know the simulator's shape.
 */
export interface Provider<Sim = unknown> {
  /** Its key in the registry, and its folder under src/providers/: the `provider` of its rows and errors, its config section, its fault `service`. */
  name: string;
  /** How people call the vendor, for descriptions ("Acme Cloud"): the config schema's section says "an object of <title> settings". */
  title: string;
  /** The services it covers, as `syncstat --help` names them. */
  services: readonly string[];
  /** Examples for `syncstat --help` (a few lines, the comment aligned). */
  examples?: readonly string[];
  /** The vendor's own CLI/SDK credential files it reads, as `syncstat config --help` names them. */
  vendorFiles?: string;
  /** Its auth modes, when it has several: `syncstat config` shows which one commands would use. */
  authModes?: { title: string; modes: readonly string[] };
  /** Every setting, with `secret` marks: the one source of which settings are secrets. */
  settings: SettingsTable;
  /**
   * Request fields and headers (beyond the secret settings' names) that carry credentials or values
   * derived from them: hidden in --debug logs (src/core/secrets.ts).
   */
  wireSecrets?: { fields?: readonly string[]; headers?: readonly string[] };
  /** Its subcommands, in the order `syncstat --help` lists them. */
  commands: readonly CommandSpec[];
  /** For `syncstat config`: loaded only by that command. */
  loadSettings(): Promise<SettingsTrace>;
  /** For `syncstat sim --help`: its credential keys, its task fields, and perhaps an example scenario. */
  simHelp: { credentials: string; tasks: string; example?: string };
  /** Its simulator (service, default scenario, demo credentials and steps): loaded only by `sim` and `demo`. */
  loadSim(): Promise<Sim>;
  /** For `syncstat doctor`: its clock and credentials checks, loaded only by that command. */
  loadDoctor?(): Promise<DoctorHooks>;
}

/** One endpoint `syncstat doctor` probes (DNS, TCP, TLS): what it is, for the line, and its URL. */
export interface DoctorEndpoint {
  what: string;
  url: string;
}

/** What a service's clock check read: the service's time and the call that told it. */
export interface ClockReading {
  /** Epoch ms by the service's clock, or null when its answer carried no time. */
  serverMs: number | null;
  /** The call, in words: "GET /openapi/now", "the Date header of GET /". */
  via: string;
  /** Epoch ms (by the session's clock) when the call was sent and answered: the skew is taken at the midpoint. */
  sentAt: number;
  answeredAt: number;
}

/** A service's doctor plan: resolved once its settings are read (src/doctor runs it). */
export interface DoctorPlan {
  /** The endpoints its calls go to, the clock's first. */
  endpoints: readonly DoctorEndpoint[];
  /** The settings in use and where they come from (the auth mode, the project), never a secret's value. */
  settings: string;
  /** Reads the service's clock with an unsigned call. */
  clock(s: Session): Promise<ClockReading>;
  /** The skew beyond which the service refuses signed requests, and why; absent: it signs no time (warn only). */
  clockLimit?: { ms: number; why: string };
  /** The one cheap signed call that proves the credentials, in words (shown whether it passes or not). */
  credentialsCall: string;
  /** Why that call gets exactly one attempt (no retries), when it does (a gateway that locks a key after bad signatures). */
  singleAttempt?: string;
  /** Makes that call: resolves with what it found (the project used), throws the service's error. */
  credentials(s: Session): Promise<string>;
}

export interface DoctorHooks {
  /** Whether any of its credentials are set, by any source (else `doctor` skips it unless named). */
  configured(s: Session): boolean;
  /**
   * The plan, from its settings as its commands read them. A bad or missing setting (no credentials,
   * an endpoint that is no URL, an unknown auth mode) throws the commands' own error.
   */
  plan(s: Session): DoctorPlan;
}

import type { FaultType, Scenario } from './types.js';
import type { Sims } from './registry.js';

/**
 * Validates a scenario file's JSON against the shape of Scenario (types.ts), as a table of field
 * rules. The first problem is reported with its JSON path ("<provider>.<tasks>.<id>.timeline[1].for
 * must be a number of seconds >= 0"): a scenario typo must not quietly play something else.
 * Loaded only by `syncstat sim`.
 */

/** A bad field: where (JSON path) and what is wrong with it. */
export class ScenarioProblem extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(path ? `${path} ${problem}` : problem);
  }
}

export type Check = (value: unknown, path: string) => void;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function describe(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return JSON.stringify(v);
}

/** `a.b`, `a["odd key"]`, `a[3]`. */
function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (/^[\w-]+$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/** The known name closest to a typo, if one is close enough to be what was meant. */
export function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = k.toLowerCase() === name.toLowerCase() ? 0 : editDistance(name, k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return bestDistance <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined;
}

function unknownKey(path: string, key: string, known: readonly string[], what = 'field'): ScenarioProblem {
  const guess = closest(key, known);
  const hint = guess ? `did you mean ${guess}?` : known.length ? `known: ${known.join(', ')}` : `it takes no ${what}s`;
  return new ScenarioProblem(at(path, key), `is not a known ${what} (${hint})`);
}

// ---- the rules ---------------------------------------------------------------------------------

export const nonEmpty: Check = (v, path) => {
  if (typeof v !== 'string' || !v) throw new ScenarioProblem(path, `must be a non-empty string, not ${describe(v)}`);
};

interface NumberRule {
  min?: number;
  max?: number;
  integer?: boolean;
  /** "seconds" reads "a number of seconds >= 0". */
  unit?: string;
  /** May also be a `{ "from", "to" }` ramp (timeline fields). */
  ramp?: boolean;
  nullable?: boolean;
}

export function num(rule: NumberRule = {}): Check {
  const noun = `${rule.integer ? 'an integer' : 'a number'}${rule.unit ? ` of ${rule.unit}` : ''}`;
  const range = rule.max !== undefined ? ` from ${rule.min ?? 0} to ${rule.max}` : rule.min !== undefined ? ` >= ${rule.min}` : '';
  const wanted = `must be ${noun}${range}`;
  const ok = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && (!rule.integer || Number.isInteger(v)) && v >= (rule.min ?? -Infinity) && v <= (rule.max ?? Infinity);
  // A ramp's ends are checked as plain numbers of the same range.
  const end: Check = (v, path) => {
    if (!ok(v)) throw new ScenarioProblem(path, `${wanted}, not ${describe(v)}`);
  };
  const ramp = rule.ramp ? rampOf(end) : undefined;
  return (v, path) => {
    if ((v === null && rule.nullable) || ok(v)) return;
    if (ramp && isObject(v)) return ramp(v, path);
    throw new ScenarioProblem(path, `${wanted}${ramp ? ' (or a { "from", "to" } ramp)' : ''}, not ${describe(v)}`);
  };
}

export function oneOf(values: readonly string[]): Check {
  return (v, path) => {
    if (typeof v === 'string' && values.includes(v)) return;
    const guess = typeof v === 'string' ? closest(v, values) : undefined;
    throw new ScenarioProblem(path, `must be one of ${values.join(', ')}, not ${describe(v)}${guess ? ` (did you mean ${guess}?)` : ''}`);
  };
}

/** A closed object: every key must be one of `fields`. */
export function obj(fields: Record<string, Check>, what = 'field', required: readonly string[] = []): Check {
  return (v, path) => {
    if (!isObject(v)) throw new ScenarioProblem(path, `must be an object, not ${describe(v)}`);
    for (const key of required) if (!(key in v)) throw new ScenarioProblem(at(path, key), 'is missing');
    for (const [key, value] of Object.entries(v)) {
      const check = fields[key];
      if (!check) throw unknownKey(path, key, Object.keys(fields), what);
      check(value, at(path, key));
    }
  };
}

/** An object keyed by task or instance id. */
export function mapOf(check: Check): Check {
  return (v, path) => {
    if (!isObject(v)) throw new ScenarioProblem(path, `must be an object keyed by id, not ${describe(v)}`);
    for (const [key, value] of Object.entries(v)) {
      if (!key.trim()) throw new ScenarioProblem(at(path, key), 'is an empty id');
      check(value, at(path, key));
    }
  };
}

export function listOf(check: Check, min = 0): Check {
  return (v, path) => {
    if (!Array.isArray(v)) throw new ScenarioProblem(path, `must be an array, not ${describe(v)}`);
    if (v.length < min) throw new ScenarioProblem(path, `must have at least ${min} item${min === 1 ? '' : 's'}`);
    v.forEach((item, i) => check(item, at(path, i)));
  };
}

/** `{ "from": <n>, "to": <n> }`, each end checked by `end`. */
function rampOf(end: Check): Check {
  return obj({ from: end, to: end }, 'ramp key', ['from', 'to']);
}

const anyRamp = rampOf(num());

/** A field of a service whose task fields are open: anything, but an object with from/to is a ramp. */
export const anyValue: Check = (v, path) => {
  if (isObject(v) && ('from' in v || 'to' in v)) anyRamp(v, path);
};

/** An object whose keys are the service's own (served as they are). */
export function anyObject(what: string): Check {
  return (v, path) => {
    if (!isObject(v)) throw new ScenarioProblem(path, `must be an object (${what}), not ${describe(v)}`);
  };
}

const forSeconds = num({ min: 0, unit: 'seconds' });

/**
 * A task: its fields (closed when `fields` is given, else open) and an optional timeline whose steps
 * take the same fields plus `for`. Only the last step may omit `for` (it lasts forever): a step without
 * one earlier would hide every step after it.
 */
export function task(fields?: Record<string, Check>): Check {
  const field = (key: string, value: unknown, path: string, known: readonly string[]) => {
    if (!fields) return anyValue(value, at(path, key));
    const check = fields[key];
    if (!check) throw unknownKey(path, key, known);
    check(value, at(path, key));
  };
  const stepKeys = ['for', ...Object.keys(fields ?? {})];
  const taskKeys = ['timeline', ...Object.keys(fields ?? {})];
  const step = (last: boolean): Check => (v, path) => {
    if (!isObject(v)) throw new ScenarioProblem(path, `must be an object (a timeline step), not ${describe(v)}`);
    if (v.for === undefined && !last) throw new ScenarioProblem(at(path, 'for'), 'is missing: only the last step may omit it (it lasts forever)');
    for (const [key, value] of Object.entries(v)) {
      if (key === 'for') forSeconds(value, at(path, key));
      else if (key === 'timeline') throw new ScenarioProblem(at(path, key), 'cannot nest in a timeline step');
      else field(key, value, path, stepKeys);
    }
  };
  return (v, path) => {
    if (!isObject(v)) throw new ScenarioProblem(path, `must be an object (a task), not ${describe(v)}`);
    for (const [key, value] of Object.entries(v)) {
      if (key !== 'timeline') field(key, value, path, taskKeys);
      else if (!Array.isArray(value) || !value.length) throw new ScenarioProblem(at(path, key), `must be a non-empty array of steps, not ${describe(value)}`);
      else value.forEach((s, i) => step(i === value.length - 1)(s, at(at(path, key), i)));
    }
  };
}


const bool: Check = (v, path) => {
  if (typeof v !== 'boolean') throw new ScenarioProblem(path, `must be true or false, not ${describe(v)}`);
};

/** Any JSON value at all: a malformed answer's body or fields are whatever the test wants served. */
const anything: Check = () => {};

/** An object keyed by dotted paths into an answer ("data.subTaskList"), each value checked by `check`. */
function pathsTo(check: Check): Check {
  return (v, path) => {
    if (!isObject(v)) throw new ScenarioProblem(path, `must be an object keyed by dotted paths into the answer (e.g. "data.subTaskList"), not ${describe(v)}`);
    for (const [key, value] of Object.entries(v)) {
      if (!key.split('.').every((part) => part !== '')) throw new ScenarioProblem(at(path, key), 'is not a dotted path (e.g. "data.subTaskList")');
      check(value, at(path, key));
    }
  };
}

/** Each fault type's own fields, beside the matching ones every fault takes. Documented in `sim --help`. */
export const FAULT_FIELDS: Record<FaultType, Record<string, Check>> = {
  latency: { ms: num({ min: 0, unit: 'milliseconds' }) },
  status: { status: num({ min: 100, max: 599, integer: true }) },
  throttle: { retryAfter: num({ min: 0, unit: 'seconds' }) },
  ratelimit: { perSecond: num({ min: 0.001, unit: 'requests a second' }) },
  html: { status: num({ min: 100, max: 599, integer: true }) },
  truncated: {},
  reset: {},
  malformed: { set: pathsTo(anything), nest: pathsTo(num({ min: 1, max: 100_000, integer: true })), body: anything, status: num({ min: 100, max: 599, integer: true }) },
  compressed: { encoding: oneOf(['gzip', 'deflate', 'br']), header: bool },
  bom: {},
  clock: { skew: num({ min: -1e9, max: 1e9, unit: 'seconds' }) },
};

const FAULT_MATCH_FIELDS: Record<string, Check> = {
  path: nonEmpty,
  id: nonEmpty,
  times: num({ min: 0, integer: true }),
};

const FAULT_TYPES = Object.keys(FAULT_FIELDS);

/** The fields every fault may match on; `service` is one of the simulated providers. */
const faultMatch = (services: readonly string[]): Record<string, Check> => ({ service: oneOf(services), ...FAULT_MATCH_FIELDS });

const faultOf = (FAULT_MATCH: Record<string, Check>): Check => (v, path) => {
  if (!isObject(v)) throw new ScenarioProblem(path, `must be an object (a fault), not ${describe(v)}`);
  oneOf(FAULT_TYPES)(v.type, at(path, 'type'));
  const type = v.type as FaultType;
  const fields = { ...FAULT_FIELDS[type], ...FAULT_MATCH };
  for (const [key, value] of Object.entries(v)) {
    if (key === 'type') continue;
    const check = fields[key];
    if (check) check(value, at(path, key));
    else if (FAULT_TYPES.some((t) => key in FAULT_FIELDS[t as FaultType])) {
      throw new ScenarioProblem(at(path, key), `does not apply to a ${type} fault (its fields: ${Object.keys(fields).join(', ')})`);
    } else throw unknownKey(path, key, Object.keys(fields));
  }
};

/** The scenario's shape: each provider's section and credentials (from its simulator), and faults. */
function scenarioCheck(sims: Sims): Check {
  const names = sims.providers.map((p) => p.name);
  return obj(
    {
      credentials: obj(Object.fromEntries(sims.providers.map((p) => [p.name, obj(Object.fromEntries(Object.keys(p.sim.credentials).map((k) => [k, nonEmpty])))]))),
      ...Object.fromEntries(sims.providers.map((p) => [p.name, p.sim.checkSection])),
      faults: listOf(faultOf(faultMatch(names))),
    },
    'section',
  );
}

/** Throws a ScenarioProblem naming the first bad field; returns the value typed when it is sound. */
export function checkScenario(value: unknown, sims: Sims): Scenario {
  if (!isObject(value)) throw new ScenarioProblem('', `must hold a JSON object, not ${describe(value)}`);
  scenarioCheck(sims)(value, '');
  return value as Scenario;
}

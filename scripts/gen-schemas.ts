// The parts of schema/*.json and .statusrc.example that list providers, derived from the registry
// (src/providers/index.ts): `npm run build` rewrites them (scripts/build.mjs bundles and runs this), and
// test/unit/registry.test.ts checks that the committed files are what this makes. Everything else in
// those files is written by hand and kept as it is.
import { readFileSync } from 'node:fs';
import type { Provider } from '../src/core/provider.js';
import { PROVIDER_LIST } from '../src/providers/index.js';
import { GENERAL_SETTINGS, SERVICE_CONCURRENCY } from '../src/core/general-settings.js';

type Json = Record<string, any>;

/** The files this derives, relative to the repository root. */
export const DERIVED_FILES = ['schema/output.schema.json', 'schema/config-output.schema.json', 'schema/config.schema.json', '.statusrc.example'] as const;
export type DerivedFile = (typeof DERIVED_FILES)[number];

type Providers = readonly Provider<unknown>[];
const fleetServices = (providers: Providers) => providers.flatMap((p) => p.commands.flatMap((c) => (c.fleet ? [c.fleet.service] : [])));

/** Every `"provider": { "enum": [...] }` anywhere in a schema gets the registry's names. */
function setProviderEnums(node: unknown, names: string[]): void {
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'provider' && value && typeof value === 'object' && Array.isArray((value as Json).enum)) (value as Json).enum = names;
    else setProviderEnums(value, names);
  }
}

/** A new object with `entries` in place of the keys `drop` matches, where the first of them stood (else before `before`). */
function replaceKeys(obj: Json, drop: (key: string) => boolean, entries: Array<[string, unknown]>, before: string): Json {
  const out: Json = {};
  let placed = false;
  const place = () => {
    if (!placed) for (const [k, v] of entries) out[k] = v;
    placed = true;
  };
  for (const [k, v] of Object.entries(obj)) {
    if (drop(k)) place();
    else {
      if (k === before) place();
      out[k] = v;
    }
  }
  place();
  return out;
}

function outputSchema(schema: Json, providers: Providers): Json {
  setProviderEnums(schema, providers.map((p) => p.name));
  return schema;
}

/** `syncstat config --json`: the provider enum, the general settings, and a `<name>Auth` object per provider with auth modes. */
function configOutputSchema(schema: Json, providers: Providers): Json {
  setProviderEnums(schema, providers.map((p) => p.name));
  const isAuth = (k: string) => /^[a-z][A-Za-z0-9]*Auth$/.test(k);
  const auths = providers.flatMap((p) => (p.authModes ? [p] : []));
  schema.required = replaceKeys(Object.fromEntries(schema.required.map((k: string) => [k, true])), isAuth, auths.map((p) => [`${p.name}Auth`, true]), 'settings');
  schema.required = Object.keys(schema.required);
  schema.properties = replaceKeys(
    schema.properties,
    isAuth,
    auths.map((p) => [
      `${p.name}Auth`,
      {
        type: 'object',
        additionalProperties: false,
        required: ['mode', 'reason'],
        properties: {
          mode: { enum: [...p.authModes!.modes, 'none'], description: `the mode ${p.title} commands would use; none when nothing names credentials (commands would fail)` },
          reason: { type: 'string', description: 'why that mode, and what it would still miss' },
        },
      },
    ]),
    'settings',
  );
  schema.properties.general.minItems = GENERAL_SETTINGS.length;
  schema.properties.general.maxItems = GENERAL_SETTINGS.length;
  schema.definitions.general.properties.setting.enum = GENERAL_SETTINGS.map((g) => g.key);
  return schema;
}

/** The config file: a section per provider in a profile, holding its settings' keys; the task list's services. */
function configSchema(schema: Json, providers: Providers): Json {
  const names = providers.map((p) => p.name);
  const defs = schema.definitions;
  const profile = defs.profile;
  // The old provider sections: whatever the profile referred to but the task list.
  for (const [k, v] of Object.entries(profile.properties as Json)) if (k !== 'tasks' && (v as Json).$ref === `#/definitions/${k}`) delete defs[k];
  profile.description = `an object with a section per service: ${names.join(', ')}`;
  profile.properties = replaceKeys(profile.properties, (k) => k !== 'tasks', names.map((n) => [n, { $ref: `#/definitions/${n}` }]), 'tasks');
  for (const p of providers) {
    const keys = Object.values(p.settings).map((s) => s.key);
    defs[p.name] = {
      type: 'object',
      description: `an object of ${p.title} settings`,
      additionalProperties: false,
      properties: {
        ...Object.fromEntries(keys.map((k) => [k, { $ref: '#/definitions/value' }])),
        [SERVICE_CONCURRENCY.key]: { $ref: '#/definitions/serviceConcurrency' },
      },
    };
  }
  // Every provider's own cap on requests in flight (src/core/general-settings.ts). Order: the other
  // definitions, this cap, the profile, then the provider sections.
  const cap = {
    type: 'integer',
    minimum: SERVICE_CONCURRENCY.min,
    maximum: SERVICE_CONCURRENCY.max,
    description: `${SERVICE_CONCURRENCY.allowed}: at most this many of the service's requests in flight, below the general concurrency (env SYNCSTAT_<SERVICE>_CONCURRENCY)`,
  };
  const last = ['serviceConcurrency', 'profile', ...names];
  const ordered: Json = { ...Object.fromEntries(Object.entries(defs).filter(([k]) => !last.includes(k))), serviceConcurrency: cap, profile, ...Object.fromEntries(names.map((n) => [n, defs[n]])) };
  schema.definitions = ordered;
  const services = fleetServices(providers);
  ordered.task.properties.service = { enum: services, description: `one of ${services.join(', ')}` };
  return schema;
}

/**
 * .statusrc.example: the default profile's sections, one per provider from its folder's
 * config.example.yaml (the section's lines, unindented), and its own concurrency. The default
 * profile runs from its `  default:` line to the next blank line.
 */
function statusrcExample(text: string, providers: Providers, exampleOf: (name: string) => string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^ {2}default:/.test(l));
  if (start < 0) throw new Error('.statusrc.example has no "  default:" profile');
  let end = lines.findIndex((l, i) => i > start && l.trim() === '');
  if (end < 0) end = lines.length;
  const sections = providers.flatMap((p) => {
    const limit = `  # ${SERVICE_CONCURRENCY.key}: 4`.padEnd(50) + `# ${SERVICE_CONCURRENCY.env(p.name)}: at most 4 ${p.title} requests in flight`;
    return [...exampleOf(p.name).replace(/\n+$/, '').split('\n'), limit].map((l) => `    ${l}`.trimEnd());
  });
  return [...lines.slice(0, start + 1), ...sections, ...lines.slice(end)].join('\n');
}

const scalar = (x: unknown) => typeof x !== 'object' || x === null;

function oneLine(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(oneLine).join(', ')}]`;
  if (scalar(v)) return JSON.stringify(v);
  const entries = Object.entries(v as Json);
  return entries.length ? `{ ${entries.map(([k, x]) => `${JSON.stringify(k)}: ${oneLine(x)}`).join(', ')} }` : '{}';
}

/**
 * JSON laid out as the schemas are written by hand: an object or list on one line when it fits in 160
 * columns (or holds at most two plain values), but the document, its definitions and each definition
 * spread over lines.
 */
export function layoutJson(v: unknown, indent = 0, key?: string, inDefinitions = false): string {
  const one = oneLine(v);
  if (scalar(v)) return one;
  const keyLen = key === undefined ? 0 : JSON.stringify(key).length + 2;
  const plain = !Array.isArray(v) && Object.values(v as Json).every((x) => scalar(x) || (Array.isArray(x) && x.every(scalar))) && Object.keys(v as Json).length <= 2;
  const spread = indent === 0 || key === 'definitions' || inDefinitions;
  if (!spread && (plain || one.length + indent + keyLen <= 160)) return one;
  const pad = ' '.repeat(indent + 2);
  const close = ' '.repeat(indent);
  if (Array.isArray(v)) return `[\n${v.map((x) => pad + layoutJson(x, indent + 2)).join(',\n')}\n${close}]`;
  return `{\n${Object.entries(v as Json).map(([k, x]) => `${pad}${JSON.stringify(k)}: ${layoutJson(x, indent + 2, k, key === 'definitions')}`).join(',\n')}\n${close}}`;
}

/** Each derived file's new text, from its current text. */
export function deriveFiles(
  root: URL,
  providers: Providers = PROVIDER_LIST,
  exampleOf = (name: string) => readFileSync(new URL(`src/providers/${name}/config.example.yaml`, root), 'utf8'),
): Record<DerivedFile, string> {
  const read = (f: string) => readFileSync(new URL(f, root), 'utf8');
  const json = (f: string, derive: (s: Json, providers: Providers) => Json) => `${layoutJson(derive(JSON.parse(read(f)), providers))}\n`;
  return {
    'schema/output.schema.json': json('schema/output.schema.json', outputSchema),
    'schema/config-output.schema.json': json('schema/config-output.schema.json', configOutputSchema),
    'schema/config.schema.json': json('schema/config.schema.json', configSchema),
    '.statusrc.example': statusrcExample(read('.statusrc.example'), providers, exampleOf),
  };
}

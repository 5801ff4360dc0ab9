import schema from '../../schema/config.schema.json' with { type: 'json' };
import { validate, type SchemaError } from './config-validator.js';
import { didYouMean } from './did-you-mean.js';
import { AuthError } from './errors.js';

interface SchemaNode {
  description?: string;
  properties?: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * Checks a config file against schema/config.schema.json: each unknown key is a warning (a typo
 * should not stop a run, but must not pass unnoticed), the first bad value an error (exit 3) naming
 * the file, the key path and what the schema allows.
 */
export function checkConfig(filepath: string, config: unknown, warn: (message: string) => void): void {
  if (validate(config)) return;
  const errors = validate.errors ?? [];
  for (const e of errors) if (e.keyword === 'additionalProperties') warn(unknownKeyMessage(filepath, config, e));
  const bad = errors.filter((e) => e.keyword !== 'additionalProperties');
  if (bad.length) throw badValueError(filepath, config, bad);
}

function unknownKeyMessage(filepath: string, config: unknown, e: SchemaError): string {
  const key = String(e.params.additionalProperty);
  const path = segments(e.instancePath);
  const suggestion = didYouMean(key, Object.keys(schemaFor(path)?.properties ?? {}));
  return `${filepath}: unknown key ${keyPath([...path, key], config)}${suggestion ? ` (did you mean ${JSON.stringify(suggestion)}?)` : ''}`;
}

function badValueError(filepath: string, config: unknown, errors: SchemaError[]): AuthError {
  const path = segments(errors[0].instancePath);
  const more = new Set(errors.map((e) => e.instancePath)).size - 1;
  const missing = errors[0].keyword === 'required' ? String(errors[0].params.missingProperty) : undefined;
  if (missing !== undefined) {
    return new AuthError(`${filepath}: ${keyPath(path, config)} has no ${JSON.stringify(missing)} (expected ${expected(path) ?? errors[0].message})`, { code: 'CONFIG', suggestion: 'Fix the file (schema/config.schema.json describes every key)' });
  }
  return new AuthError(
    `${filepath}: invalid value for ${keyPath(path, config)}: ${describeValue(valueAt(config, path))} (expected ${expected(path) ?? errors[0].message})${more ? `; and ${more} more invalid value${more === 1 ? '' : 's'}` : ''}`,
    { code: 'CONFIG', suggestion: 'Fix the file (schema/config.schema.json describes every key)' },
  );
}

/** The schema's words for what is allowed at `path`: the nearest description, a definition's first. */
function expected(path: string[]): string | undefined {
  for (let n = path.length; n >= 1; n--) {
    const node = schemaFor(path.slice(0, n), false);
    const description = resolve(node)?.description ?? node?.description;
    if (description) return description;
  }
  return undefined;
}

/**
 * The schema node that describes the value at `path`, walked from the root (ajv's schemaPath is
 * relative to the referenced definition, so it cannot say where in the file a problem is).
 */
function schemaFor(path: string[], follow = true): SchemaNode | undefined {
  let node: SchemaNode | undefined = schema as SchemaNode;
  for (const key of path) {
    const at: SchemaNode | undefined = resolve(node);
    const additional = at?.additionalProperties;
    node = (at?.properties?.[key] ?? (typeof additional === 'object' ? additional : undefined) ?? at?.items) as SchemaNode | undefined;
  }
  return follow ? resolve(node) : node;
}

/** A node's "$ref" (always "#/definitions/<name>" here) followed. */
function resolve(node: SchemaNode | undefined): SchemaNode | undefined {
  const ref = node?.$ref;
  if (typeof ref !== 'string') return node;
  return (schema.definitions as Record<string, SchemaNode>)[ref.replace('#/definitions/', '')];
}

/** Scalars as written; never the contents of an object or list (it could hold a secret). */
function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'an object';
  return JSON.stringify(value) ?? String(value);
}

function valueAt(root: unknown, path: string[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], root);
}

/** JSON pointer "/profiles/default/a~1b" as its keys. */
function segments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Quoted as JSON: a key is the file's text, and control characters in it must not reach the terminal
 * raw. A list's items are named by index: "tasks[3].id".
 */
function keyPath(keys: string[], root: unknown): string {
  let text = '';
  let node = root;
  for (const key of keys) {
    text += Array.isArray(node) ? `[${key}]` : `${text ? '.' : ''}${key}`;
    node = (node as Record<string, unknown> | undefined)?.[key];
  }
  return JSON.stringify(text);
}

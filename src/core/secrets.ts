/**
 * The last line of defence for diagnostics (stderr, --debug, error messages): every secret the run
 * resolved is registered here, and `scrub` hides it in text we did not write ourselves (a service
 * echoing a password in its error). Secrets are kept out of output by construction first (credential
 * headers, signatures and bodies are never logged, URL userinfo is redacted); data (statuses, ids,
 * messages of a task) never passes through here, so a secret that happens to be a common word can
 * never turn a status into "***".
 */
export class SecretRegistry {
  private readonly values = new Set<string>();
  /** Longest first, so a secret's escaped form is replaced whole, not after a shorter form inside it. */
  private sorted: string[] = [];

  add(value: string | undefined | null): void {
    // A short value would match ordinary words and is not unambiguous enough to hide.
    if (!value || value.length < MIN_SECRET_LENGTH) return;
    // As written, and as it reads inside JSON, a URL or a form body (an error echoing the request).
    for (const form of [value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2)]) this.values.add(form);
    this.sorted = [...this.values].sort((a, b) => b.length - a.length);
  }

  scrub(text: string): string {
    let out = text;
    for (const value of this.sorted) if (out.includes(value)) out = out.split(value).join('***');
    return out;
  }
}

/** Secrets shorter than this are not scrubbed from diagnostics: they would match ordinary text. */
export const MIN_SECRET_LENGTH = 8;

/**
 * `https://user:password@host` -> `https://user:***@host`, anywhere in a line of text. Bounded
 * repetitions: the line may be long server text, and an unbounded scan would be quadratic.
 */
export function redactUserinfo(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]{0,30}:\/\/)([^\s/?#@:]{0,256}):([^\s/?#]{0,1024})@/gi, (_, scheme: string, user: string) => `${scheme}${user}:***@`);
}

/**
 * Header and field names whose values are credentials or derived from them: the generic ones here,
 * each provider's (its secret settings and wire names, src/providers/index.ts) added by src/cli at
 * start with addSecretNames. Compared without case.
 */
const SECRET_HEADERS = new Set(['authorization', 'signature']);
const SECRET_FIELDS = new Set(['signature', 'secret', 'token', 'password']);

export function addSecretNames(names: { fields?: Iterable<string>; headers?: Iterable<string> }): void {
  for (const f of names.fields ?? []) SECRET_FIELDS.add(f.toLowerCase());
  for (const h of names.headers ?? []) SECRET_HEADERS.add(h.toLowerCase());
}

const isSecretField = (name: string) => SECRET_FIELDS.has(name.toLowerCase());

export function redactHeaders(headers: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? redactValue(name, value) : value;
  }
  return out;
}

function redactValue(name: string, value: string): string {
  // Keep the AK visible in an Authorization header's shape but never the signature.
  if (name.toLowerCase() === 'authorization') return value.replace(/Signature=[0-9a-f]+/i, 'Signature=***').replace(/Access=[^,]+/, 'Access=***');
  return '***';
}

/** Redacts secret-looking fields in a query string or form body. */
export function redactQuery(query: string): string {
  return query.replace(/(^|[?&])([^=&]+)=([^&]*)/g, (whole, sep: string, key: string) =>
    isSecretField(decodeURIComponent(key)) ? `${sep}${key}=***` : whole,
  );
}

/** A URL as --debug shows it: no password in its userinfo, no secret in its query. */
export function redactUrl(url: string): string {
  const clean = redactUserinfo(url);
  const q = clean.indexOf('?');
  // The query without its "?": the first parameter is a parameter too (it was never redacted).
  return q < 0 ? clean : clean.slice(0, q + 1) + redactQuery(clean.slice(q + 1));
}

/** Redacts secret-looking keys anywhere in a JSON body (IAM password auth, tokens). */
export function redactBody(body: string | undefined): string | undefined {
  if (!body) return body;
  if (body.startsWith('{') || body.startsWith('[')) {
    try {
      return JSON.stringify(JSON.parse(body), (key, value) => (isSecretField(key) && typeof value === 'string' ? '***' : value));
    } catch {
      return '[unparsable body]';
    }
  }
  return redactQuery(body);
}

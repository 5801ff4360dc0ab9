/**
 * Every secret the run resolved is registered here, and everything written to stdout or stderr passes
 * through `scrub`: a secret cannot leak through a message we did not think of.
 */
export class SecretRegistry {
  private readonly values = new Set<string>();

  add(value: string | undefined | null): void {
    // Very short values would mangle ordinary text and are not worth hiding.
    if (value && value.length >= 6) this.values.add(value);
  }

  scrub(text: string): string {
    let out = text;
    for (const value of this.values) if (out.includes(value)) out = out.split(value).join('***');
    return out;
  }
}

/** Header names whose values are credentials or derived from them. */
const SECRET_HEADERS = new Set(['authorization', 'x-auth-token', 'x-subject-token', 'x-security-token', 'signature', 'access-key-id']);
/** Query/form/JSON field names whose values are credentials or derived from them. */
const SECRET_FIELDS = /^(signature|publickey|privatekey|password|accesskeysecret|sk|secret|token|security_token)$/i;

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
    SECRET_FIELDS.test(decodeURIComponent(key)) ? `${sep}${key}=***` : whole,
  );
}

export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q) + redactQuery(url.slice(q));
}

/** Redacts secret-looking keys anywhere in a JSON body (IAM password auth, tokens). */
export function redactBody(body: string | undefined): string | undefined {
  if (!body) return body;
  if (body.startsWith('{') || body.startsWith('[')) {
    try {
      return JSON.stringify(JSON.parse(body), (key, value) => (SECRET_FIELDS.test(key) && typeof value === 'string' ? '***' : value));
    } catch {
      return '[unparsable body]';
    }
  }
  return redactQuery(body);
}

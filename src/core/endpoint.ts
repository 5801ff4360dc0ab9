import { AuthError, UsageError } from './errors.js';
import type { TracedSetting } from './config.js';

export interface EndpointSpec {
  /** What it is, for messages: "endpoint", "IAM endpoint". */
  what: string;
  /** A URL to suggest: the service's default endpoint. */
  example: string;
  /** Add https:// to a value without a scheme (as some vendors' SDKs do for their endpoints). */
  defaultScheme?: boolean;
}

/**
 * A service base URL without a trailing slash. A bad value is a usage error (exit 2) when it came from
 * a flag (`--endpoint notaurl`), and a configuration error (exit 3) naming its source otherwise
 * (env, config file, vendor file).
 */
export function normalizeEndpoint(setting: TracedSetting | string, spec: EndpointSpec): string {
  const { value, source } = typeof setting === 'string' ? { value: setting, source: 'default' } : setting;
  const raw = (value ?? '').trim();
  const text = spec.defaultScheme && raw !== '' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? `https://${raw}` : raw;
  let url: URL | null = null;
  try {
    url = new URL(text);
  } catch {
    url = null;
  }
  if (url && (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '' && !url.username && !url.password && !url.search && !url.hash) {
    return url.href.replace(/\/+$/, '');
  }
  // Never echo userinfo: it may hold a secret.
  const shown = url && (url.username || url.password) ? `${url.protocol}//***@${url.host}${url.pathname}` : raw;
  const why = !url ? 'not a URL' : url.protocol !== 'https:' && url.protocol !== 'http:' ? 'only http and https are supported' : url.username || url.password ? 'credentials do not belong in the URL' : url.search || url.hash ? 'no query or fragment' : 'no host';
  const message = `invalid ${spec.what} "${shown}" (${why})`;
  const fromFlag = source.startsWith('flag ');
  if (fromFlag) throw new UsageError(`${message} in ${source.slice(5)}`, { suggestion: `Use a URL such as ${spec.example}` });
  throw new AuthError(`${message} from ${source}`, { code: 'CONFIG', suggestion: `Use a URL such as ${spec.example}` });
}

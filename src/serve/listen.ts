import { UsageError } from '../core/errors.js';

/** Where the exporter listens: `host:port`, `[v6]:port`, or `:port` (every interface). */
export function parseListen(text: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]*)):(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) {
    throw new UsageError(`--listen ${JSON.stringify(text)} is not host:port`, { suggestion: 'e.g. --listen 127.0.0.1:9464, --listen :9464 (every interface) or --listen [::1]:9464' });
  }
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port };
}

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The self-signed certificate for 127.0.0.1 and localhost that `syncstat sim --tls` serves. Its key is
 * public (it ships in the package): it is only for the simulator on loopback.
 */
const CERT = join('scenarios', 'tls', 'loopback-cert.pem');
const KEY = join('scenarios', 'tls', 'loopback-key.pem');

export interface LoopbackTls {
  /** The certificate's absolute path: what NODE_EXTRA_CA_CERTS names to trust it. */
  certFile: string;
  cert: Buffer;
  key: Buffer;
}

/** Found from the running code upwards: dist/main.cjs in the package, src/sim/ in the repository. */
export function loopbackTls(from: string = __dirname): LoopbackTls {
  for (let dir = from, up = 0; up < 4; up++, dir = dirname(dir)) {
    const certFile = join(dir, CERT);
    if (existsSync(certFile)) return { certFile, cert: readFileSync(certFile), key: readFileSync(join(dir, KEY)) };
  }
  throw new Error(`the simulator's certificate ${CERT} is missing from this installation of syncstat`);
}

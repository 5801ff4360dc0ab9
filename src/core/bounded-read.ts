import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** Binary units for messages: "1 MiB", "512 KiB", "300 bytes". */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

/** Why a local file was refused before (or while) reading it. */
export class LocalFileError extends Error {
  constructor(
    message: string,
    readonly reason: 'not-regular' | 'too-large',
  ) {
    super(message);
  }
}

/**
 * Reads a regular file of at most `limit` bytes, as UTF-8. Refuses a device, FIFO, socket or
 * directory before reading a byte (`/dev/zero` never ends; a FIFO would block: it is opened
 * non-blocking and refused), and a file larger than the limit by its size, or, when it grew after
 * that look, by what was read (at most limit + 1 bytes). File-system errors (ENOENT, EACCES) are
 * thrown as they come.
 */
export function readBoundedFile(path: string, limit: number): string {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new LocalFileError(`is not a regular file (${kindOf(st)})`, 'not-regular');
    if (st.size > limit) throw new LocalFileError(`is larger than ${formatBytes(limit)} (${st.size} bytes)`, 'too-large');
    // Sized by fstat, grown when the file grew since (a /proc file says 0): never past limit + 1 bytes.
    let buf = Buffer.allocUnsafe(Math.min(limit + 1, Math.max(st.size + 1, 4096)));
    let length = 0;
    for (;;) {
      if (length > limit) throw new LocalFileError(`is larger than ${formatBytes(limit)}`, 'too-large');
      if (length === buf.length) {
        const grown = Buffer.allocUnsafe(Math.min(limit + 1, buf.length * 2));
        buf.copy(grown, 0, 0, length);
        buf = grown;
      }
      const n = readSync(fd, buf, length, buf.length - length, null);
      if (n === 0) return buf.toString('utf8', 0, length);
      length += n;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Checks, without reading it, that `path` is a regular file within the limit (a JavaScript config
 * file is imported, not read: this is its check).
 */
export function checkBoundedFile(path: string, limit: number): void {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new LocalFileError(`is not a regular file (${kindOf(st)})`, 'not-regular');
    if (st.size > limit) throw new LocalFileError(`is larger than ${formatBytes(limit)} (${st.size} bytes)`, 'too-large');
  } finally {
    closeSync(fd);
  }
}

function kindOf(st: import('node:fs').Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFIFO()) return 'a pipe';
  if (st.isSocket()) return 'a socket';
  return 'not a file';
}

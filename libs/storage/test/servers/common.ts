import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const run = promisify(execFile);

/** scripts/testenv: the shell recipes are the one source of truth; these helpers only call them. */
export const TESTENV = join(dirname(fileURLToPath(import.meta.url)), '../../../../scripts/testenv');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Fails with the exact install command instead of skipping (docs/development.md). */
export async function requireBinary(path: string, aptPackage: string): Promise<void> {
  try {
    await run('test', ['-x', path]);
  } catch {
    throw new Error(`${path} is missing: apt-get install -y --no-install-recommends ${aptPackage}`);
  }
}

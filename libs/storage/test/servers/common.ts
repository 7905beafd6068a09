import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
export { freePort } from '../../../../scripts/testenv/free-port.js';

export const run = promisify(execFile);

/** scripts/testenv: the shell recipes are the one source of truth; these helpers only call them. */
export const TESTENV = join(dirname(fileURLToPath(import.meta.url)), '../../../../scripts/testenv');

/** Fails with the exact install command instead of skipping (docs/development.md). */
export async function requireBinary(path: string, aptPackage: string): Promise<void> {
  try {
    await run('test', ['-x', path]);
  } catch {
    throw new Error(`${path} is missing: apt-get install -y --no-install-recommends ${aptPackage}`);
  }
}

import { execFile, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './repo.js';

export const run = promisify(execFile);

/** Fails with the exact install command instead of skipping (docs/development.md). */
export function requireBinary(path: string, aptPackages: string): void {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(`${path} is missing: apt-get install -y --no-install-recommends ${aptPackages}`);
  }
}

/** Builds the workspace `pkg` (e.g. @freezer/api) once if its bundle (repo-relative) is missing. */
export function ensureBuilt(pkg: string, bundle: string): void {
  if (existsSync(join(REPO_ROOT, bundle))) return;
  const r = spawnSync('npm', ['run', 'build', '-w', pkg], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`build of ${pkg} failed`);
}

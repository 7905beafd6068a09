import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { AgentError } from '../errors.js';

/** The first of `names` found on PATH, or a one-line error naming the Debian package to install. */
export function findProgram(names: readonly string[], aptPackage: string): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here; keep looking
      }
    }
  }
  throw new AgentError(`${names[0]}: program not found (apt-get install -y ${aptPackage})`);
}

// The stock freezer-agent (Debian python3-freezer) as a cloud user, for the interop tests of the
// OpenStack modes: as installed, or through stock/freezer-agent-py3fix.py (its two Python 3 bugs of the
// glance and nova engines fixed at run time, the rest of its code as installed).
import type { Cloud, CloudUser } from '@freezer/testkit';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentResult } from './cloud-agent.js';

const STOCK = '/usr/bin/freezer-agent';
const PY3FIX = fileURLToPath(new URL('./stock/freezer-agent-py3fix.py', import.meta.url));
let runs = 0;

export function runStock(
  cloud: Cloud,
  user: CloudUser,
  work: string,
  args: string[],
  fixed: boolean,
): Promise<AgentResult> {
  if (!existsSync(STOCK)) throw new Error('stock freezer-agent missing: apt-get install -y python3-freezer');
  const logFile = join(work, `stock-${++runs}.log`);
  const [file, argv] = fixed ? ['/usr/bin/python3', [PY3FIX, ...args]] : [STOCK, args];
  return new Promise((resolve) => {
    execFile(
      file,
      [...argv, '--log-file', logFile],
      { env: { ...process.env, ...cloud.osEnv(user) }, timeout: 300_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        const logged = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
        resolve({ code, signal: err?.signal ?? null, out: stdout + stderr + logged });
      },
    );
  });
}

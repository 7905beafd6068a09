import { execFile } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import type { FreezerAction } from '@freezer/api-client';

const helps = new Map<string, Promise<string>>();

/** The agent's --help text, asked once per agent path. */
function agentHelp(agentPath: string): Promise<string> {
  let known = helps.get(agentPath);
  if (!known) {
    const [cmd, prefix] = agentPath.endsWith('.js') ? [process.execPath, [agentPath]] : [agentPath, []];
    known = new Promise((resolve) => {
      execFile(
        cmd,
        [...prefix, '--help'],
        { timeout: 30_000, maxBuffer: 4 * 1024 * 1024 },
        (_err, out, err) => resolve(`${String(out)}${String(err)}`),
      );
    });
    helps.set(agentPath, known);
  }
  return known;
}

/**
 * Whether this agent can write a file catalog (`--catalog-out` in its help). The stock agent and
 * older builds of ours cannot, and would fail on the unknown option: they run without it.
 */
export async function agentWritesCatalogs(agentPath: string): Promise<boolean> {
  return (await agentHelp(agentPath)).includes('--catalog-out');
}

/** Whether this agent reports progress (`--progress-file` in its help); the stock one does not. */
export async function agentReportsProgress(agentPath: string): Promise<boolean> {
  return (await agentHelp(agentPath)).includes('--progress-file');
}

const isTrue = (v: unknown): boolean => v === true || (typeof v === 'string' && /^(true|yes|1)$/i.test(v));

/** A backup action whose file names may reach the API (not `no_catalog_upload`). */
export function wantsCatalog(fa: FreezerAction): boolean {
  return (fa.action ?? 'backup') === 'backup' && !isTrue(fa.no_catalog_upload);
}

/** The catalog file if the agent wrote a non-empty one, else undefined (and no file left behind). */
export function writtenCatalog(path: string): string | undefined {
  try {
    if (statSync(path).size > 0) return path;
  } catch {
    return undefined;
  }
  rmSync(path, { force: true });
  return undefined;
}

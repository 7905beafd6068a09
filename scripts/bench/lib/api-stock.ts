import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { freePort, pidAlive } from '@freezer/testkit';

const REF = '/work/shared/reference/stock-freezer';
const STATE = '/tmp/ref-freezer-api';

export interface StockApi {
  url: string;
  /** The stock API's project (set by the reference noauth filter). */
  project: string;
  pid: number;
  stop(): void;
}

function alivePidIn(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return pidAlive(pid) ? pid : undefined;
}

/**
 * The Debian freezer-api started by the reference script on free ports with a fresh database.
 * The script keeps its state in one fixed directory; if a stock API from someone else is running
 * there we refuse instead of letting the script stop it.
 */
export async function startStockApi(): Promise<StockApi> {
  const other = alivePidIn(`${STATE}/freezer-api.pid`);
  if (other !== undefined) {
    throw new Error(
      `a stock freezer-api started by ref-api-start.sh is already running (pid ${other}); not touching it — rerun later or with --no-stock`,
    );
  }
  const apiPort = await freePort();
  const ksPort = await freePort();
  const r = spawnSync('bash', [`${REF}/ref-api-start.sh`], {
    env: {
      ...process.env,
      REF_API_PORT: String(apiPort),
      REF_KEYSTONE_PORT: String(ksPort),
      REF_API_RESET: '1',
    },
    encoding: 'utf8',
  });
  if (r.status !== 0)
    throw new Error(`ref-api-start.sh failed (${r.status}): ${(r.stderr || r.stdout).slice(-1500)}`);
  const pid = alivePidIn(`${STATE}/freezer-api.pid`);
  if (pid === undefined) throw new Error('ref-api-start.sh succeeded but freezer-api.pid is not alive');
  return {
    url: `http://127.0.0.1:${apiPort}`,
    project: 'ref-project',
    pid,
    stop: () => {
      spawnSync('bash', [`${REF}/ref-api-stop.sh`], { stdio: 'ignore' });
    },
  };
}

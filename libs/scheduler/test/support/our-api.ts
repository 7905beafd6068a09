import { startApi } from '@freezer/testkit';
import type { RunningServer } from './stock-api.js';

/** Our freezer-api on a free loopback port with its own SQLite file (restartable on the same file). */
export async function startOurApi(): Promise<RunningServer> {
  const api = await startApi({ buildIfMissing: true, args: ['--log-level', 'warn'] });
  return {
    url: api.url,
    dir: api.dir ?? '',
    get pid() {
      return api.pid;
    },
    stop: api.stop,
    restart: api.restart,
  };
}

import { startOurApi } from './our-api.js';
import { startStockApi, type RunningServer } from './stock-api.js';

export type ApiKind = 'stock' | 'ours';
export type TestApi = RunningServer & { kind: ApiKind };

/** The API the integration tests talk to: ours by default; the stock Debian freezer-api on request. */
export async function startTestApi(kind: ApiKind = 'ours'): Promise<TestApi> {
  const server = kind === 'stock' ? await startStockApi() : await startOurApi();
  return Object.assign(server, { kind });
}

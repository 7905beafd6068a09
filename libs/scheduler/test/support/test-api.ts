import { startStockApi, type RunningServer } from './stock-api.js';

export type TestApi = RunningServer & { kind: 'stock' | 'ours' };

/** The API the integration tests talk to. */
export async function startTestApi(): Promise<TestApi> {
  return { ...(await startStockApi()), kind: 'stock' };
}

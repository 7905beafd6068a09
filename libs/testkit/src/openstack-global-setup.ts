// Vitest globalSetup of the `openstack` test project: one real cloud for the whole run (about a
// minute to start, ~2.4 GB of memory), stopped at the end only if this run started it.
import { startCloud, stopCloud } from './servers/openstack.js';

let startedHere = false;

export async function setup(): Promise<void> {
  startedHere = (await startCloud()).startedHere;
}

export async function teardown(): Promise<void> {
  if (startedHere && process.env.FREEZER_CLOUD_KEEP !== '1') await stopCloud();
}

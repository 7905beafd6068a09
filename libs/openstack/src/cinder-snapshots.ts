import { gone } from './cinder.js';
import { OpenStackError } from './errors.js';
import type { OpenStackSession } from './session.js';
import { pollUntil } from './wait.js';

export interface CinderSnapshot {
  id: string;
  name: string | null;
  status: string;
  volume_id: string;
  size: number;
}

const VOLUME = 'volumev3';

export async function getSnapshot(s: OpenStackSession, id: string): Promise<CinderSnapshot> {
  try {
    const path = `/snapshots/${encodeURIComponent(id)}`;
    return (await s.json<{ snapshot: CinderSnapshot }>(VOLUME, 'GET', path)).snapshot;
  } catch (err) {
    if (err instanceof OpenStackError && err.status === 404)
      throw new OpenStackError(`no Cinder snapshot ${id}`, 404);
    throw err;
  }
}

/** A snapshot of the volume; `force` takes one of a volume in use (attached), as the stock agent does. */
export async function createSnapshot(
  s: OpenStackSession,
  volumeId: string,
  name: string,
  force: boolean,
): Promise<string> {
  const body = { snapshot: { volume_id: volumeId, name, force } };
  return (await s.json<{ snapshot: CinderSnapshot }>(VOLUME, 'POST', '/snapshots', body)).snapshot.id;
}

/** Waits for `available` (fails on an error state or after `timeoutMs`). */
export function waitForSnapshot(
  s: OpenStackSession,
  id: string,
  timeoutMs = 900_000,
): Promise<CinderSnapshot> {
  const state = (v: CinderSnapshot) =>
    v.status === 'available' ? 'done' : v.status.startsWith('error') ? 'failed' : 'waiting';
  return pollUntil(`Cinder snapshot ${id}`, () => getSnapshot(s, id), state, timeoutMs);
}

/** The project's snapshots with exactly this name. */
export async function snapshotsNamed(s: OpenStackSession, name: string): Promise<CinderSnapshot[]> {
  const path = `/snapshots/detail?name=${encodeURIComponent(name)}`;
  return (await s.json<{ snapshots: CinderSnapshot[] }>(VOLUME, 'GET', path)).snapshots;
}

/**
 * Deletes a snapshot once Cinder lets it (not while it is being created); one that is gone or
 * already deleting is fine.
 */
export async function deleteSnapshotWhenIdle(
  s: OpenStackSession,
  id: string,
  timeoutMs = 600_000,
): Promise<void> {
  const deletable = (v: CinderSnapshot) => v.status === 'available' || v.status.startsWith('error');
  const state = (v: CinderSnapshot) =>
    deletable(v) || v.status === 'deleting' || v.status === 'gone' ? 'done' : 'waiting';
  const snap = await pollUntil(
    `Cinder snapshot ${id}`,
    () => getSnapshot(s, id).catch(gone<CinderSnapshot>(id)),
    state,
    timeoutMs,
  );
  if (deletable(snap) && snap.status !== 'error_deleting') {
    await s.request(VOLUME, 'DELETE', `/snapshots/${encodeURIComponent(id)}`, { accept: [404] });
  }
}

import type { FreezerAction } from '@freezer/api-client';
import { isCloudMode } from '@freezer/schema';

/** Seconds between the SIGTERM that stops an agent and the SIGKILL of its process group. */
export interface KillGrace {
  /** Any action not in a cloud mode: tar, openssl and a database dump stop at once. */
  seconds: number;
  /**
   * Actions in a cloud mode: the agent then deletes its temporary snapshot, volume and image, and Cinder
   * lets a volume go only once its upload ends (measured: 16 s for a 1 GiB copy). Longer than the agent's
   * own 120 s limit on that cleanup, so the agent ends it, not the SIGKILL.
   */
  cloudSeconds: number;
}

export const DEFAULT_KILL_GRACE: KillGrace = { seconds: 10, cloudSeconds: 180 };

function actionMode(fa: FreezerAction): string {
  const mode = typeof fa.mode === 'string' && fa.mode !== '' ? fa.mode : undefined;
  // As the agent does: a cindernative id alone chooses Cinder's own backups.
  const nativeIds = Boolean(fa.cindernative_vol_id) || Boolean(fa.cindernative_backup_id);
  return (mode ?? (nativeIds ? 'cindernative' : 'fs')).toLowerCase();
}

/** How long an agent running `fa` gets between SIGTERM and SIGKILL, in milliseconds. */
export function killGraceMs(fa: FreezerAction, grace: KillGrace = DEFAULT_KILL_GRACE): number {
  return (isCloudMode(actionMode(fa)) ? grace.cloudSeconds : grace.seconds) * 1000;
}

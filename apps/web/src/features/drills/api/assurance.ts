import type { BackupDoc, DrillStatus, JobDoc } from '@freezer/api-client';

export type Verification = 'verified' | 'failed' | 'never';

/** One backup job on the RPO/RTO page. */
export interface AssuranceRow {
  jobId: string;
  name: string;
  clientId: string;
  rpoSeconds?: number;
  rtoSeconds?: number;
  /** Epoch seconds of the newest successful backup point. */
  lastGoodBackup?: number;
  /** Seconds since then (the actual RPO). */
  backupAge?: number;
  /** Seconds the newest drill took to restore (the measured RTO). */
  lastRestoreSeconds?: number;
  verification: Verification;
  /** Epoch seconds of the newest successful drill: last proven restorable. */
  lastProven?: number;
  lastDrillError?: string;
  rpoBreached: boolean;
  rtoBreached: boolean;
  /** Higher is worse: breaches and failed drills first, then unverified, then how close to a target. */
  worst: number;
}

const isBackupJob = (j: JobDoc): boolean =>
  !j.verifies_job_id && j.job_actions.some((a) => a.freezer_action?.action === 'backup');

function lastGood(backups: BackupDoc[]): number | undefined {
  let newest: number | undefined;
  for (const b of backups) {
    const m = b.backup_metadata;
    if (m.result === 'fail' || typeof m.time_stamp !== 'number') continue;
    if (newest === undefined || m.time_stamp > newest) newest = m.time_stamp;
  }
  return newest;
}

/** The page's rows, worst first: every job with a backup action (drill jobs count for the job they verify). */
export function assuranceRows(
  jobs: JobDoc[],
  backups: BackupDoc[],
  drills: DrillStatus[],
  now: number,
): AssuranceRow[] {
  const byJob = new Map<string, BackupDoc[]>();
  for (const b of backups) {
    const id = b.backup_metadata.job_id;
    if (typeof id !== 'string') continue;
    byJob.set(id, [...(byJob.get(id) ?? []), b]);
  }
  const drillOf = new Map(drills.map((d) => [d.verified_job_id, d]));
  return jobs
    .filter(isBackupJob)
    .map((j): AssuranceRow => {
      const good = lastGood(byJob.get(j.job_id) ?? []);
      const drill = drillOf.get(j.job_id);
      const verification: Verification = !drill
        ? 'never'
        : drill.last.result === 'success'
          ? 'verified'
          : 'failed';
      const rpo = j.rpo_seconds ?? undefined;
      const rto = j.rto_seconds ?? undefined;
      const age = good === undefined ? undefined : Math.max(0, now - good);
      const restore = drill?.last.restore_seconds ?? undefined;
      const rpoBreached = rpo !== undefined && (age === undefined || age > rpo);
      const rtoBreached = rto !== undefined && restore !== undefined && restore > rto;
      const ratio = Math.max(
        rpo !== undefined && age !== undefined ? age / rpo : 0,
        rto !== undefined && restore !== undefined ? restore / rto : 0,
      );
      const worst =
        (rpoBreached || rtoBreached ? 100 : 0) +
        (verification === 'failed' ? 50 : verification === 'never' ? 10 : 0) +
        Math.min(ratio, 9);
      return {
        jobId: j.job_id,
        name: j.description || j.job_id,
        clientId: j.client_id,
        ...(rpo !== undefined ? { rpoSeconds: rpo } : {}),
        ...(rto !== undefined ? { rtoSeconds: rto } : {}),
        ...(good !== undefined ? { lastGoodBackup: good, backupAge: age } : {}),
        ...(restore !== undefined ? { lastRestoreSeconds: restore } : {}),
        verification,
        ...(drill?.last_success ? { lastProven: drill.last_success.time_ended } : {}),
        ...(drill?.last.error ? { lastDrillError: drill.last.error } : {}),
        rpoBreached,
        rtoBreached,
        worst,
      };
    })
    .sort((a, b) => b.worst - a.worst || a.name.localeCompare(b.name));
}

/** Per client: its worst job and the newest time any of its jobs was proven restorable. */
export interface ClientAssurance {
  clientId: string;
  jobs: number;
  worst: AssuranceRow;
  lastProven?: number;
  unverified: number;
}

export function clientRows(rows: AssuranceRow[]): ClientAssurance[] {
  const byClient = new Map<string, AssuranceRow[]>();
  for (const r of rows) byClient.set(r.clientId, [...(byClient.get(r.clientId) ?? []), r]);
  return [...byClient.entries()]
    .map(([clientId, list]) => {
      const proven = list.map((r) => r.lastProven).filter((t): t is number => t !== undefined);
      return {
        clientId,
        jobs: list.length,
        worst: list[0] as AssuranceRow, // rows come worst first
        ...(proven.length > 0 ? { lastProven: Math.max(...proven) } : {}),
        unverified: list.filter((r) => r.verification !== 'verified').length,
      };
    })
    .sort((a, b) => b.worst.worst - a.worst.worst || a.clientId.localeCompare(b.clientId));
}

/** One point of a job's trend charts: a backup's size, duration and throughput. */
export interface TrendPoint {
  time: number;
  bytes: number;
  durationS: number;
  throughputBps: number;
}

export function backupTrend(backups: BackupDoc[], jobId: string): TrendPoint[] {
  return backups
    .filter((b) => b.backup_metadata.job_id === jobId && b.backup_metadata.result !== 'fail')
    .map((b) => {
      const m = b.backup_metadata;
      return {
        time: m.time_stamp ?? 0,
        bytes: m.bytes_read ?? 0,
        durationS: m.duration_s ?? 0,
        throughputBps: m.throughput_bps ?? 0,
      };
    })
    .sort((a, b) => a.time - b.time);
}

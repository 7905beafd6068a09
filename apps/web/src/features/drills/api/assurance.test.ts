import type { BackupDoc, DrillDoc, DrillStatus, JobDoc } from '@freezer/api-client';
import { describe, expect, it } from 'vitest';
import { assuranceRows, backupTrend, clientRows } from './assurance';

const NOW = 1_000_000;

function job(id: string, client: string, extra: Partial<JobDoc> = {}, action = 'backup'): JobDoc {
  return {
    job_id: id,
    project_id: 'p',
    user_id: 'u',
    client_id: client,
    session_id: '',
    session_tag: 0,
    description: id,
    job_schedule: {},
    job_actions: [{ freezer_action: { action } }],
    ...extra,
  } as JobDoc;
}

const backup = (jobId: string, ts: number, result: 'success' | 'fail' = 'success'): BackupDoc =>
  ({
    backup_id: `${jobId}-${ts}`,
    backup_metadata: {
      job_id: jobId,
      time_stamp: ts,
      result,
      bytes_read: ts,
      duration_s: 2,
      throughput_bps: 5,
    },
  }) as BackupDoc;

function drill(jobId: string, result: 'success' | 'fail', restore: number | null, at: number): DrillDoc {
  return {
    drill_id: `${jobId}-${at}`,
    run_id: 'r',
    job_id: `drill-of-${jobId}`,
    verified_job_id: jobId,
    client_id: null,
    project_id: 'p',
    time_started: at,
    time_ended: at + 1,
    result,
    ...(result === 'fail' ? { error: 'restore failed: bad segment' } : {}),
    restore_seconds: restore,
    report: { action: 'drill', result },
    recorded_at: at,
  };
}

describe('RPO/RTO rows', () => {
  const jobs = [
    job('ok', 'n1', { rpo_seconds: 3600, rto_seconds: 60 }),
    job('stale', 'n1', { rpo_seconds: 3600 }),
    job('failed-drill', 'n2'),
    job('never', 'n2'),
    job('verify-ok', 'n1', { verifies_job_id: 'ok' }, 'drill'),
    job('exec-only', 'n3', {}, 'exec'),
  ];
  const backups = [
    backup('ok', NOW - 600),
    backup('stale', NOW - 7200),
    backup('stale', NOW - 60, 'fail'), // a failed backup is no good backup
    backup('failed-drill', NOW - 100),
    backup('never', NOW - 100),
  ];
  const drills: DrillStatus[] = [
    {
      verified_job_id: 'ok',
      client_id: 'n1',
      last: drill('ok', 'success', 30, NOW - 50),
      last_success: drill('ok', 'success', 30, NOW - 50),
    },
    {
      verified_job_id: 'failed-drill',
      client_id: 'n2',
      last: drill('failed-drill', 'fail', null, NOW - 20),
      last_success: drill('failed-drill', 'success', 10, NOW - 5000),
    },
  ];
  const rows = assuranceRows(jobs, backups, drills, NOW);

  it('lists backup jobs only, worst first: breached, failed drill, never verified, then the rest', () => {
    expect(rows.map((r) => r.jobId)).toEqual(['stale', 'failed-drill', 'never', 'ok']);
    expect(rows[0]).toMatchObject({ backupAge: 7200, rpoBreached: true, verification: 'never' });
    expect(rows[1]).toMatchObject({
      verification: 'failed',
      lastProven: NOW - 4999,
      lastDrillError: 'restore failed: bad segment',
    });
    expect(rows[3]).toMatchObject({
      backupAge: 600,
      lastRestoreSeconds: 30,
      rpoBreached: false,
      rtoBreached: false,
      verification: 'verified',
      lastProven: NOW - 49,
    });
  });

  it('an RTO target shorter than the measured restore is breached', () => {
    const slow = assuranceRows([job('ok', 'n1', { rto_seconds: 20 })], backups, drills, NOW);
    expect(slow[0]?.rtoBreached).toBe(true);
  });

  it('groups clients with their worst job and newest proof', () => {
    const clients = clientRows(rows);
    expect(clients.map((c) => [c.clientId, c.worst.jobId, c.unverified, c.lastProven])).toEqual([
      ['n1', 'stale', 1, NOW - 49],
      ['n2', 'failed-drill', 2, NOW - 4999],
    ]);
  });

  it('trends are the successful backups of one job in time order', () => {
    expect(backupTrend(backups, 'stale')).toEqual([
      { time: NOW - 7200, bytes: NOW - 7200, durationS: 2, throughputBps: 5 },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { restoreJob, validateRestore } from './restore';

const m = {
  backup_name: 'docs',
  container: '/c',
  storage: 'local',
  hostname: 'node1',
  time_stamp: 1764583200,
};
const action = (job: ReturnType<typeof restoreJob>) => job.job_actions[0]?.freezer_action ?? {};

describe('the whole-backup restore job', () => {
  it('restores the clicked point: its time, in UTC, as the from-date', () => {
    const job = restoreJob(m, { clientId: 'p_node1', restorePath: '/r', atPoint: true, fromDate: '' });
    expect(action(job)).toMatchObject({ restore_from_date: '2025-12-01T10:00:00Z', hostname: 'node1' });
  });

  it('with another date chosen, sends that date instead, and nothing without one', () => {
    const other = { clientId: 'p_node1', restorePath: '/r', atPoint: false };
    expect(action(restoreJob(m, { ...other, fromDate: '2025-11-30T08:00' })).restore_from_date).toBe(
      '2025-11-30T08:00:00',
    );
    expect(action(restoreJob(m, { ...other, fromDate: '' })).restore_from_date).toBeUndefined();
  });

  it('checks the date only when it is used', () => {
    const r = { clientId: 'c', restorePath: '/r', fromDate: 'yesterday' };
    expect(validateRestore({ ...r, atPoint: false }).fromDate).toMatch(/format/);
    expect(validateRestore({ ...r, atPoint: true }).fromDate).toBeUndefined();
  });
});

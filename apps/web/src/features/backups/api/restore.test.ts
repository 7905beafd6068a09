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

describe('a cindernative record (a backup Cinder keeps)', () => {
  const native = {
    backup_name: 'nightly',
    container: '43/f5/43f5',
    storage: 'cinder',
    mode: 'cindernative',
    cinder_backup_id: 'b-43f5',
    cindernative_vol_id: 'v-7b3f',
    time_stamp: 1764583200,
  };
  const noPath = { clientId: 'p_node1', restorePath: '', fromDate: '' };

  it('restores the clicked backup by its Cinder id, with no storage and no path', () => {
    const fa = action(restoreJob(native, { ...noPath, atPoint: true }));
    expect(fa).toEqual({ action: 'restore', mode: 'cindernative', cindernative_backup_id: 'b-43f5' });
    expect(validateRestore({ ...noPath, atPoint: true }, true)).toEqual({});
    expect(validateRestore({ ...noPath, atPoint: true })).toHaveProperty('restorePath');
  });

  it('or the volume’s newest backup at or before a date', () => {
    const fa = action(restoreJob(native, { ...noPath, atPoint: false, fromDate: '2025-11-30T08:00' }));
    expect(fa).toEqual({
      action: 'restore',
      mode: 'cindernative',
      cindernative_vol_id: 'v-7b3f',
      restore_from_date: '2025-11-30T08:00:00',
    });
  });
});

import type { BackupDoc } from '@freezer/api-client';
import { describe, expect, it } from 'vitest';
import { emptyActionForm, type ActionForm } from './action-form';
import { previewRetention, retentionPoints, retentionPolicy } from './retention-preview';

const admin = (text: ActionForm['text']): ActionForm => ({ ...emptyActionForm(), action: 'admin', text });
const NOW = Date.UTC(2026, 5, 1) / 1000;

const backup = (id: string, meta: Record<string, unknown>): BackupDoc => ({
  project_id: 'p',
  user_id: 'u',
  user_name: 'u',
  backup_id: id,
  backup_metadata: { backup_name: 'docs', container: '/c', hostname: 'h1', ...meta },
});

describe('retentionPolicy (the editor inputs as the agent reads them)', () => {
  it('names no policy until a cutoff or keep rule is given, and none for a value that does not parse', () => {
    expect(retentionPolicy(admin({ backup_name: 'docs' }), NOW, 'UTC')).toBeUndefined();
    expect(retentionPolicy(admin({ keep_daily: 'seven' }), NOW, 'UTC')).toBeUndefined();
    expect(retentionPolicy(admin({ remove_from_date: '2026-13-01T00:00:00' }), NOW, 'UTC')).toBeUndefined();
  });

  it('reads days, a naive date in the node zone, and keep counts', () => {
    expect(retentionPolicy(admin({ remove_older_than: '2', keep_yearly: '3' }), NOW, 'UTC')).toEqual({
      timeZone: 'UTC',
      cutoff: NOW - 2 * 86400,
      keepYearly: 3,
    });
    const berlin = retentionPolicy(admin({ remove_from_date: '2026-01-02T00:00' }), NOW, 'Europe/Berlin');
    expect(berlin?.cutoff).toBe(Date.UTC(2026, 0, 1, 23) / 1000);
  });
});

describe('retentionPoints + previewRetention', () => {
  it('plans each host apart, counts a point recorded twice once, and sums the stored bytes freed', () => {
    const docs = [
      backup('a', { curr_backup_level: 0, time_stamp: 100, level_zero_timestamp: 100, bytes_stored: 10 }),
      backup('a2', { curr_backup_level: 0, time_stamp: 100, level_zero_timestamp: 100, bytes_stored: 10 }),
      backup('b', { curr_backup_level: 1, time_stamp: 200, level_zero_timestamp: 100, bytes_stored: 5 }),
      backup('c', { curr_backup_level: 0, time_stamp: 300, bytes_stored: 7 }),
      backup('d', { hostname: 'h2', curr_backup_level: 0, time_stamp: 50, bytes_stored: 3 }),
      backup('other', { backup_name: 'etc', curr_backup_level: 0, time_stamp: 60 }),
    ];
    const points = retentionPoints(docs, 'docs');
    expect(points).toHaveLength(4);
    const plan = previewRetention(points, { keepLast: 1, timeZone: 'UTC' });
    expect(plan.remove.map((p) => p.backupId).sort()).toEqual(['a2', 'b']);
    expect(plan.keep.map((p) => p.backupId).sort()).toEqual(['c', 'd']);
    expect(plan.bytesFreed).toBe(15);
    expect(retentionPoints(docs, 'docs', 'h2').map((p) => p.backupId)).toEqual(['d']);
  });
});

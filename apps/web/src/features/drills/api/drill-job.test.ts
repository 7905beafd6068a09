import { describe, expect, it } from 'vitest';
import { emptyActionForm } from '../../actions/api/action-form';
import { drillJobFor, emptyVerifyForm, validateVerify } from './drill-job';
import { targetErrors, targetsFromJob, targetsOf } from './targets';

const backup = {
  ...emptyActionForm(),
  text: { backup_name: 'nightly', container: '/srv/backups', path_to_backup: '/etc', hostname: 'web1' },
};

describe('verify by restore', () => {
  it('makes a drill job naming the same backup, on the same node, on its own interval', () => {
    const verify = {
      enabled: true,
      every: '2',
      unit: 'days' as const,
      probe: 'test -d "$FREEZER_DRILL_SANDBOX"',
    };
    const job = drillJobFor('job123', { clientId: ' node1 ', description: 'etc', actions: [backup] }, verify);
    expect(job).toMatchObject({
      client_id: 'node1',
      description: 'verify etc',
      verifies_job_id: 'job123',
      job_schedule: { schedule_interval: '2 days' },
    });
    expect(job?.job_actions).toHaveLength(1);
    expect(job?.job_actions[0]?.max_retries).toBe(0);
    expect(job?.job_actions[0]?.freezer_action).toEqual({
      action: 'drill',
      mode: 'fs',
      storage: 'local',
      backup_name: 'nightly',
      container: '/srv/backups',
      hostname: 'web1',
      drill_probe: 'test -d "$FREEZER_DRILL_SANDBOX"',
    });
  });

  it('makes none when the box is not ticked, and refuses a job without a backup action', () => {
    expect(
      drillJobFor('j', { clientId: 'n', description: '', actions: [backup] }, emptyVerifyForm),
    ).toBeUndefined();
    const exec = { ...emptyActionForm(), action: 'exec' };
    expect(validateVerify({ ...emptyVerifyForm, enabled: true }, [exec]).every).toMatch(
      /needs a backup action/,
    );
    expect(validateVerify({ ...emptyVerifyForm, enabled: true, every: '0' }, [backup]).every).toMatch(/≥ 1/);
  });
});

describe('RPO/RTO targets', () => {
  it('round-trips hours and minutes to seconds, and clears an empty target', () => {
    expect(targetsOf({ rpoHours: '24', rtoMinutes: '30' })).toEqual({
      rpo_seconds: 86_400,
      rto_seconds: 1800,
    });
    expect(targetsOf({ rpoHours: '', rtoMinutes: '' })).toEqual({ rpo_seconds: null, rto_seconds: null });
    expect(targetsFromJob({ rpo_seconds: 5400, rto_seconds: 90 })).toEqual({
      rpoHours: '1.5',
      rtoMinutes: '1.5',
    });
    expect(targetErrors({ rpoHours: '-1', rtoMinutes: 'abc' })).toEqual({
      rpoHours: 'A number of hours above 0, or empty.',
      rtoMinutes: 'A number of minutes above 0, or empty.',
    });
  });
});

import { describe, expect, it } from 'vitest';
import {
  type DrillSource,
  type JobFacts,
  type LastDrill,
  type ProjectFacts,
  evaluateRule,
  expectedStart,
  noDrills,
  quietUntil,
  reconcile,
  retryDelaySeconds,
} from '../src/index.js';

const T0 = Date.UTC(2026, 0, 5, 12, 0, 0) / 1000; // a Monday, 12:00 UTC

function job(over: Partial<JobFacts> = {}): JobFacts {
  return {
    jobId: 'j1',
    clientId: 'node1',
    description: 'nightly',
    schedule: { schedule_interval: '1 hours', status: 'scheduled' },
    createdAt: T0,
    lastStartedAt: null,
    lastSuccessAt: null,
    lastResult: null,
    rpoSeconds: null,
    ...over,
  };
}

const facts = (over: Partial<ProjectFacts> = {}): ProjectFacts => ({
  projectId: 'p',
  jobs: [job()],
  clients: [],
  drills: new Map(),
  ...over,
});

const rule = (kinds: Parameters<typeof evaluateRule>[0]['kinds']) => ({
  kinds,
  selector: {},
  grace_seconds: 300,
  stale_after_seconds: 600,
});

describe('freshness', () => {
  it('an interval job is late one period plus the grace after its last start, not before', () => {
    const started = job({ lastStartedAt: T0 + 100 });
    expect(expectedStart(started)).toBe(T0 + 100 + 3600);
    const f = facts({ jobs: [started] });
    expect(evaluateRule(rule(['job_late']), f, T0 + 100 + 3600 + 300)).toEqual([]);
    const late = evaluateRule(rule(['job_late']), f, T0 + 100 + 3600 + 301);
    expect(late.map((x) => x.fingerprint)).toEqual(['job_late:job:j1']);
    expect(late[0]?.summary).toContain('nightly');
  });

  it('a cron job is due at its slot in its schedule_timezone', () => {
    // 02:30 in Paris on 6 Jan 2026 is 01:30 UTC.
    const cron = job({
      schedule: { schedule_hour: '2', schedule_minute: '30', schedule_timezone: 'Europe/Paris' },
    });
    expect(expectedStart(cron)).toBe(Date.UTC(2026, 0, 6, 1, 30) / 1000);
  });

  it('stopped and completed jobs and exhausted schedules are never late', () => {
    const stopped = job({ schedule: { schedule_interval: '1 hours', status: 'stop' } });
    const ended = job({
      lastStartedAt: T0,
      schedule: { schedule_interval: '1 hours', schedule_end_date: '2026-01-05T12:30:00Z' },
    });
    expect(expectedStart(stopped)).toBeNull();
    expect(expectedStart(ended)).toBeNull();
  });

  it('reports failed jobs, stale clients and RPO breaches', () => {
    const f = facts({
      jobs: [job({ lastResult: 'fail', rpoSeconds: 3600, lastSuccessAt: T0 - 7200, lastStartedAt: T0 })],
      clients: [
        { clientId: 'node1', hostname: 'h1', lastSeen: T0 - 601 },
        { clientId: 'node2', hostname: null, lastSeen: T0 - 10 },
      ],
    });
    const found = evaluateRule(rule(['job_failed', 'client_stale', 'rpo_breach']), f, T0);
    expect(found.map((x) => x.fingerprint).sort()).toEqual([
      'client_stale:client:node1',
      'job_failed:job:j1',
      'rpo_breach:job:j1',
    ]);
  });

  it('the selector narrows jobs and clients', () => {
    const f = facts({
      jobs: [job({ lastResult: 'fail' }), job({ jobId: 'j2', clientId: 'node2', lastResult: 'fail' })],
    });
    const narrowed = { ...rule(['job_failed']), selector: { client_ids: ['node2'] } };
    expect(evaluateRule(narrowed, f, T0).map((x) => x.subjectId)).toEqual(['j2']);
  });

  it('drill kinds read the drill source: never verified, then last drill failed', async () => {
    const drills = new Map<string, LastDrill>();
    const source: DrillSource = { lastDrills: async () => drills };
    const kinds = rule(['never_verified', 'drill_failed']);
    expect((await noDrills.lastDrills('p')).size).toBe(0);
    let f = facts({ drills: await source.lastDrills('p') });
    expect(evaluateRule(kinds, f, T0).map((x) => x.kind)).toEqual(['never_verified']);
    drills.set('j1', { at: T0 - 60, passed: false, reason: 'segment 3 digest mismatch' });
    f = facts({ drills: await source.lastDrills('p') });
    const failed = evaluateRule(kinds, f, T0);
    expect(failed.map((x) => x.kind)).toEqual(['drill_failed']);
    expect(failed[0]?.summary).toContain('segment 3 digest mismatch');
    drills.set('j1', { at: T0, passed: true });
    expect(evaluateRule(kinds, facts({ drills }), T0)).toEqual([]);
  });
});

describe('reconcile', () => {
  const finding = evaluateRule(rule(['job_failed']), facts({ jobs: [job({ lastResult: 'fail' })] }), T0);

  it('opens one alert per condition, never twice, and resolves what stopped holding', () => {
    expect(reconcile([...finding, ...finding], [], 0, T0).open).toHaveLength(1);
    const open = [{ alertId: 'a1', fingerprint: 'job_failed:job:j1', lastNotifiedAt: T0 }];
    expect(reconcile(finding, open, 0, T0 + 99_999)).toEqual({ open: [], resolve: [], remind: [] });
    expect(reconcile([], open, 0, T0).resolve).toEqual(['a1']);
  });

  it('reminds after the repeat interval only', () => {
    const open = [{ alertId: 'a1', fingerprint: 'job_failed:job:j1', lastNotifiedAt: T0 }];
    expect(reconcile(finding, open, 600, T0 + 599).remind).toEqual([]);
    expect(reconcile(finding, open, 600, T0 + 600).remind).toEqual(['a1']);
  });
});

describe('quiet hours and retries', () => {
  const ms = (h: number, m = 0) => Date.UTC(2026, 0, 5, h, m);

  it('holds inside a window that wraps midnight, in the window’s zone, until its end', () => {
    // 22:00-07:00 in New York (UTC-5 in January): quiet from 03:00 to 12:00 UTC.
    const q = { start: '22:00', end: '07:00', time_zone: 'America/New_York' };
    expect(quietUntil(q, ms(2, 59))).toBeNull();
    expect(quietUntil(q, ms(3, 0))).toBe(ms(12, 0));
    expect(quietUntil(q, ms(11, 30))).toBe(ms(12, 0));
    expect(quietUntil(q, ms(12, 0))).toBeNull();
    expect(quietUntil(null, ms(4))).toBeNull();
  });

  it('backs off from 15 s doubling to an hour', () => {
    expect([1, 2, 3, 9, 12].map(retryDelaySeconds)).toEqual([15, 30, 60, 3600, 3600]);
  });
});

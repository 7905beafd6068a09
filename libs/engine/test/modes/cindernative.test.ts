// --mode cindernative without a cloud: what retention chooses from a listing, and the option checks
// (apps/agent/test/openstack/cindernative.test.ts runs it against the real Cinder).
import type { CinderBackup } from '@freezer/openstack';
import { BackupCreate } from '@freezer/schema';
import { describe, expect, it } from 'vitest';
import { nativeBackupReport } from '../../src/modes/cindernative-report.js';
import { retentionCandidates } from '../../src/modes/cindernative-retention.js';
import { parseAgentOptions } from '../../src/index.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-30T12:00:00Z');

/** A backup made `daysAgo` days before NOW (Cinder's created_at has no zone). */
function backup(id: string, daysAgo: number, incremental: boolean, status = 'available'): CinderBackup {
  const created = new Date(NOW - daysAgo * DAY).toISOString().replace('Z', '');
  return {
    id,
    name: id,
    status,
    volume_id: 'v',
    created_at: created,
    is_incremental: incremental,
    has_dependent_backups: false,
  };
}

// Two chains: f1 ← i1 ← i2 (10, 9, 8 days ago) and f2 ← i3 (5, 1 days ago), plus a failed backup.
const listing = [
  backup('i3', 1, true),
  backup('f1', 10, false),
  backup('i1', 9, true),
  backup('bad', 7, false, 'error'),
  backup('f2', 5, false),
  backup('i2', 8, true),
  backup('busy', 6, true, 'creating'),
];
const chosen = (policy: Parameters<typeof retentionCandidates>[1]) =>
  retentionCandidates(listing, policy, NOW).map((b) => b.id);

describe('cindernative retention', () => {
  it('by age or date: every deletable backup before the cutoff, newest first', () => {
    expect(chosen({ olderThanDays: 7.5 })).toEqual(['i2', 'i1', 'f1']);
    expect(chosen({ olderThanDays: 6.5 })).toEqual(['bad', 'i2', 'i1', 'f1']);
    expect(chosen({ fromDateS: (NOW - 4 * DAY) / 1000 })).toEqual(['f2', 'bad', 'i2', 'i1', 'f1']);
    expect(chosen({ olderThanDays: 30 })).toEqual([]);
  });

  it('by --fullbackup-rotation: everything before the N-th newest full backup', () => {
    expect(chosen({ fullbackupRotation: 1 })).toEqual(['bad', 'i2', 'i1', 'f1']);
    expect(chosen({ fullbackupRotation: 2 })).toEqual([]);
    expect(chosen({ fullbackupRotation: 3 })).toEqual([]);
  });
});

describe('cindernative options', () => {
  const parse = (argv: string[]) => {
    const r = parseAgentOptions(argv, '/work');
    if (r.kind !== 'run') throw new Error('expected a run');
    return r.options;
  };

  it('a cindernative id chooses the mode; no storage, path or backup name is needed', () => {
    const o = parse(['--cindernative-vol-id', 'vol-1', '--incremental']);
    expect(o.modes).toMatchObject({ mode: 'cindernative', cindernativeVolId: 'vol-1', incremental: true });
    expect(parse(['--action', 'restore', '--cindernative-backup-id', 'b-1']).modes.mode).toBe('cindernative');
    const admin = parse(['--action', 'admin', '--cindernative-vol-id', 'v', '--fullbackup-rotation', '2']);
    expect(admin.modes.fullbackupRotation).toBe(2);
  });

  it.each([
    [['--mode', 'fs', '--cindernative-vol-id', 'v'], "drive Cinder's own backups: drop --mode fs"],
    [['--mode', 'cindernative'], 'backup needs --cindernative-vol-id'],
    [['--action', 'restore', '--mode', 'cindernative'], 'restore needs --cindernative-vol-id or'],
    [['--cindernative-vol-id', 'v', '-F', '/srv'], 'drop --path-to-backup'],
    [['--cindernative-vol-id', 'v', '--action', 'info'], 'not info'],
    [['--cindernative-vol-id', 'v', '--action', 'admin'], 'admin needs one of'],
    [['--cindernative-vol-id', 'v', '--action', 'admin', '--keep-last', '2'], 'not --keep-*'],
    [['--cindernative-vol-id', 'v', '--action', 'admin', '--fullbackup-rotation', '0'], '>= 1'],
    [['--cindernative-vol-id', 'v', '--cindernative-backup-id', 'b'], 'with --action restore only'],
    [['-F', '/srv', '-N', 'n', '--incremental'], 'apply to cindernative only'],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parse(argv)).toThrow(message);
  });
});

describe('cindernative report', () => {
  const o = (() => {
    const r = parseAgentOptions(['--cindernative-vol-id', 'v', '--hostname', 'node1'], '/work');
    if (r.kind !== 'run') throw new Error('expected a run');
    return r.options;
  })();
  const request = { name: 'nightly', incremental: true, startedMs: NOW };

  it('is a backup record the API takes, with the stock cinder_backup_id', () => {
    const made = { ...backup('b1', 0, true), container: 'b1/00/b1', size: 2 };
    const report = nativeBackupReport(o, { id: 'v', size: 2 }, request, {
      backup: made,
      endedMs: NOW + 5000,
    });
    const record = BackupCreate.parse(report);
    expect(record).toMatchObject({
      cinder_backup_id: 'b1',
      container: 'b1/00/b1',
      hostname: 'node1',
      backup_name: 'nightly',
      curr_backup_level: 1,
      duration_s: 5,
      result: 'success',
    });
  });

  it('a dry run or a backup without a container still has one (the API requires it)', () => {
    expect(BackupCreate.parse(nativeBackupReport(o, { id: 'v', size: 1 }, request)).container).toBe('cinder');
    const made = { ...backup('b2', 0, false), container: null };
    const report = nativeBackupReport(o, { id: 'v', size: 1 }, request, { backup: made, endedMs: NOW });
    expect(BackupCreate.parse(report)).toMatchObject({ container: 'cinder', curr_backup_level: 0 });
  });
});

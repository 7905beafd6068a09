// The agent's --cindernative-vol-id against the real cloud's Cinder backup API (cinder-backup with
// Cinder's Swift driver, storing with the user's own token in the cloud's Swift behind the same
// Keystone): a volume with random bytes written through the test driver's file, a full and an
// incremental backup (Cinder's own listing and Swift's say which), restores into new volumes compared
// by sha256, retention that keeps what a newer incremental depends on (and empties Swift of what it
// deletes), and what a kill mid-backup leaves.
// Only objects this file made are looked at: another suite uses the same demo project.
import {
  type CinderBackup,
  type OpenStackSession,
  backupCreatedMs,
  createVolume,
  deleteBackup,
  deleteVolume,
  getBackup,
  getVolume,
  openSession,
  volumeBackups,
  waitForBackup,
  waitForBackupGone,
  waitForVolume,
} from '@freezer/openstack';
import { type Cloud, cloudAt, waitFor } from '@freezer/testkit';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, createReadStream, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAgent, startAgent } from './cloud-agent.js';
import { ATTACH_API, attachWithoutServer, swiftText } from './cloud-objects.js';

let cloud: Cloud;
let s: OpenStackSession;
let work: string;
/** Volumes this file made (sources and restores); afterAll deletes their backups, then them. */
const made: string[] = [];
/** Cinder attachments this file made (an in-use volume without a server); afterAll deletes them first. */
const attachments: string[] = [];
/** Each 1 GiB backup or restore is Cinder's work: minutes on a busy 2-core machine, beyond the project's limit. */
const LONG = 900_000;
let reports = 0;

const volumeFile = (id: string) => join(cloud.paths.volumes, `volume-${id}`);

async function sha256Of(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Writes `size` random bytes at `offset` of the volume, through the test driver's file. */
function scribble(id: string, offset: number, size: number): void {
  const fd = openSync(volumeFile(id), 'r+');
  writeSync(fd, randomBytes(size), 0, size, offset);
  closeSync(fd);
}

/** A new 1 GiB volume whose first 2 MiB are random. */
async function volumeWithData(name: string): Promise<string> {
  const v = await createVolume(s, { size: 1, name });
  made.push(v.id);
  await waitForVolume(s, v.id);
  scribble(v.id, 0, 2 * 1024 * 1024);
  return v.id;
}

/** Attaches the volume through Cinder's attachments API (no server needed): Cinder says `in-use`. */
async function attach(id: string): Promise<void> {
  attachments.push(await attachWithoutServer(s, id));
}

/** Runs the agent as the demo user; returns its exit code, its output and its --metadata-out report. */
async function agent(args: string[]) {
  const reportFile = join(work, `report-${++reports}.json`);
  const r = await runAgent(cloud, cloud.demo, work, [...args, '--metadata-out', reportFile]);
  let report: Record<string, unknown> = {};
  try {
    report = JSON.parse(readFileSync(reportFile, 'utf8')) as Record<string, unknown>;
  } catch {
    // no report: the run failed before writing one
  }
  return { ...r, report };
}

/**
 * The objects of a volume's Cinder backups in the cloud's Swift, listed through Swift's API with a demo
 * token: Cinder's Swift driver names them `volume_<volume>/<time>/az_<zone>_backup_<backup>…`, in the
 * user's project account.
 */
async function swiftObjectsOf(volume: string): Promise<string[]> {
  const listing = await swiftText(
    cloud,
    cloud.demo,
    `${cloud.cinderBackupContainer}?prefix=volume_${volume}/`,
  );
  return listing.split('\n').filter((line) => line !== '');
}

/** Which of `backups` are in Swift: each has a `_metadata` object, the list of its data objects. */
async function backupsInSwift(volume: string, backups: string[]): Promise<string[]> {
  const objects = await swiftObjectsOf(volume);
  return backups.filter((b) => objects.some((o) => o.endsWith(`_backup_${b}_metadata`)));
}

/** How many data objects (`…_backup_<id>-00001`, …) a backup has in Swift: only changed blocks for an incremental. */
async function dataObjectsInSwift(volume: string, backup: string): Promise<number> {
  const objects = await swiftObjectsOf(volume);
  return objects.filter((o) => new RegExp(`_backup_${backup}-\\d{5}$`).test(o)).length;
}

const isoZ = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const ids = (backups: CinderBackup[]) => backups.map((b) => b.id).sort();

beforeAll(async () => {
  cloud = cloudAt();
  s = await openSession(cloud.osEnv(cloud.demo));
  work = mkdtempSync(join(tmpdir(), 'fz-cindernative-'));
});

afterAll(async () => {
  for (const a of attachments) {
    const gone = { headers: ATTACH_API, accept: [404] };
    await s.request('volumev3', 'DELETE', `/attachments/${a}`, gone).catch(() => undefined);
  }
  for (const id of made) {
    await waitForVolume(s, id, 120_000).catch(() => undefined);
    // newest first: Cinder refuses to delete a backup an incremental still depends on
    for (const b of await volumeBackups(s, id).catch(() => [])) {
      await waitForBackup(s, b.id, 600_000).catch(() => undefined);
      await deleteBackup(s, b.id).catch(() => undefined);
      await waitForBackupGone(s, b.id, 600_000).catch(() => undefined);
    }
    await deleteVolume(s, id).catch(() => undefined);
  }
  rmSync(work, { recursive: true, force: true });
});

describe('--cindernative-vol-id', () => {
  it(
    'full and incremental backups, restores of each into new volumes, retention by count and date',
    async () => {
      const id = await volumeWithData(`fz-native-${process.pid}`);
      const atFull = await sha256Of(volumeFile(id));
      const backup = (more: string[] = []) =>
        agent(['--action', 'backup', '--cindernative-vol-id', id, '--backup-name', 'nat', ...more]);

      // --incremental on a volume without a backup makes a full one (stock behaviour)
      const full = await backup(['--incremental']);
      expect(full.code, full.out).toBe(0);
      expect(full.report).toMatchObject({ result: 'success', mode: 'cindernative', is_incremental: false });
      const fullId = String(full.report.cinder_backup_id);
      expect(await getBackup(s, fullId)).toMatchObject({
        status: 'available',
        is_incremental: false,
        name: 'nat',
      });

      scribble(id, 4 * 1024 * 1024, 1024 * 1024);
      const atIncr = await sha256Of(volumeFile(id));
      expect(atIncr).not.toBe(atFull);
      const incr = await backup(['--incremental']);
      expect(incr.code, incr.out).toBe(0);
      expect(incr.report).toMatchObject({ is_incremental: true, curr_backup_level: 1 });
      const incrId = String(incr.report.cinder_backup_id);
      const listed = await volumeBackups(s, id);
      expect(listed.find((b) => b.id === incrId)).toMatchObject({
        is_incremental: true,
        status: 'available',
      });
      expect(listed.find((b) => b.id === fullId)).toMatchObject({ has_dependent_backups: true });
      // the bytes are in the cloud's Swift, in the demo project's own account (Cinder used its token)
      expect(listed.find((b) => b.id === fullId)?.container).toBe(cloud.cinderBackupContainer);
      expect(await backupsInSwift(id, [fullId, incrId])).toEqual([fullId, incrId]);
      // the full one holds the whole volume; the incremental only the blocks changed since (1 MiB)
      expect(await dataObjectsInSwift(id, fullId)).toBeGreaterThan(1);
      expect(await dataObjectsInSwift(id, incrId)).toBe(1);

      // the newest backup (the incremental) into a new volume: the bytes at the incremental
      const newest = await agent(['--action', 'restore', '--cindernative-vol-id', id]);
      expect(newest.code, newest.out).toBe(0);
      const newestVol = /as volume ([0-9a-f-]{36})/.exec(newest.out)?.[1] ?? '';
      made.push(newestVol);
      expect(newestVol).not.toBe('');
      expect(newest.report).toMatchObject({ cinder_backup_id: incrId, restored_volume_id: newestVol });
      expect(await sha256Of(volumeFile(newestVol))).toBe(atIncr);
      expect(await sha256Of(volumeFile(id))).toBe(atIncr); // the source volume is left alone

      // a chosen backup (the full one): the bytes at the full backup
      const older = await agent(['--action', 'restore', '--cindernative-backup-id', fullId]);
      expect(older.code, older.out).toBe(0);
      const olderVol = String(older.report.restored_volume_id);
      made.push(olderVol);
      expect(await sha256Of(volumeFile(olderVol))).toBe(atFull);

      // a second chain: a full backup, then an incremental on it
      scribble(id, 8 * 1024 * 1024, 1024 * 1024);
      const full2 = await backup();
      expect(full2.code, full2.out).toBe(0);
      expect(full2.report.is_incremental).toBe(false);
      const full2Id = String(full2.report.cinder_backup_id);
      const incr2 = await backup(['--incremental']);
      expect(incr2.code, incr2.out).toBe(0);
      const incr2Id = String(incr2.report.cinder_backup_id);
      expect(ids(await volumeBackups(s, id))).toEqual([fullId, incrId, full2Id, incr2Id].sort());

      // keep the newest full backup and its incremental: the first chain goes, incremental first
      const rotate = await agent([
        '--action',
        'admin',
        '--cindernative-vol-id',
        id,
        '--fullbackup-rotation',
        '1',
      ]);
      expect(rotate.code, rotate.out).toBe(0);
      expect(rotate.report.removed_backup_ids).toEqual([incrId, fullId]);
      expect(ids(await volumeBackups(s, id))).toEqual([full2Id, incr2Id].sort());
      const kept = [fullId, incrId, full2Id, incr2Id];
      expect(await backupsInSwift(id, kept)).toEqual([full2Id, incr2Id]);

      // by date: the second full is older than the cutoff, but its incremental (newer) depends on it
      const cutoff = isoZ(backupCreatedMs(await getBackup(s, full2Id)) + 1000);
      const byDate = await agent([
        '--action',
        'admin',
        '--cindernative-vol-id',
        id,
        '--remove-from-date',
        cutoff,
      ]);
      expect(byDate.code, byDate.out).toBe(0);
      expect(byDate.report).toMatchObject({ removed: 0, kept_for_dependents: [full2Id] });
      expect(ids(await volumeBackups(s, id))).toEqual([full2Id, incr2Id].sort());

      // a dry run predicts it (the incremental, then the full it frees) and deletes nothing
      const dry = await agent([
        '--action',
        'admin',
        '--cindernative-vol-id',
        id,
        '--remove-older-than',
        '0',
        '--dry-run',
      ]);
      expect(dry.code, dry.out).toBe(0);
      expect(dry.report).toMatchObject({ dry_run: true, removed_backup_ids: [incr2Id, full2Id] });
      expect(ids(await volumeBackups(s, id))).toEqual([full2Id, incr2Id].sort());

      // older than 0 days: everything, the incremental before the full it is based on
      const all = await agent(['--action', 'admin', '--cindernative-vol-id', id, '--remove-older-than', '0']);
      expect(all.code, all.out).toBe(0);
      expect(all.report.removed_backup_ids).toEqual([incr2Id, full2Id]);
      expect(await volumeBackups(s, id)).toEqual([]);
      expect(await swiftObjectsOf(id)).toEqual([]);
    },
    LONG,
  );

  it(
    'killed after Cinder accepted the backup, Cinder finishes it; refusal and timeout are one line',
    async () => {
      const id = await volumeWithData(`fz-native-kill-${process.pid}`);
      const run = startAgent(cloud, cloud.demo, work, ['--action', 'backup', '--cindernative-vol-id', id]);
      await waitFor(
        'the backup in Cinder',
        async () => (await volumeBackups(s, id)).length > 0,
        300_000,
        500,
      );
      run.child.kill('SIGKILL');
      await run.done;
      const [left] = await volumeBackups(s, id);
      expect(left).toBeDefined();
      expect((await waitForBackup(s, left?.id ?? '', 600_000)).status).toBe('available');
      expect((await waitForVolume(s, id)).status).toBe('available');

      // Cinder refusing is one line too: its incremental's parent is the newest backup, here in error
      const full = await agent(['--action', 'backup', '--cindernative-vol-id', id]);
      expect(full.code, full.out).toBe(0);
      const admin = await openSession(cloud.osEnv(cloud.admin));
      const broken = `/backups/${String(full.report.cinder_backup_id)}/action`;
      await admin.json('volumev3', 'POST', broken, { 'os-reset_status': { status: 'error' } });
      const refused = await agent(['--action', 'backup', '--cindernative-vol-id', id, '--incremental']);
      expect(refused.code).toBe(1);
      const line = /freezer-agent: error: (.*)\n/.exec(refused.out)?.[1] ?? '';
      expect(line).toMatch(/^volumev3 POST \/backups failed \(400\): .*parent backup must be available/);
      expect(refused.report).toMatchObject({ result: 'fail' });

      // --timeout (the stock option) bounds the wait: one line, and Cinder goes on with the backup
      const late = await agent(['--action', 'backup', '--cindernative-vol-id', id, '--timeout', '1']);
      expect(late.code).toBe(1);
      expect(late.out).toMatch(
        /freezer-agent: error: timed out waiting for Cinder backup \S+ \(still creating\); Cinder goes on with it\n/,
      );
      const newest = (await volumeBackups(s, id))[0];
      expect((await waitForBackup(s, newest?.id ?? '', 600_000)).status).toBe('available');
    },
    LONG,
  );

  it(
    'an in-use volume is backed up with force (as the stock agent does) and restored',
    async () => {
      const id = await volumeWithData(`fz-native-inuse-${process.pid}`);
      await attach(id);
      expect((await getVolume(s, id)).status).toBe('in-use');
      const want = await sha256Of(volumeFile(id));
      const backup = await agent(['--action', 'backup', '--cindernative-vol-id', id]);
      expect(backup.code, backup.out).toBe(0);
      expect((await getVolume(s, id)).status).toBe('in-use');
      const restore = await agent(['--action', 'restore', '--cindernative-vol-id', id]);
      expect(restore.code, restore.out).toBe(0);
      const restored = String(restore.report.restored_volume_id);
      made.push(restored);
      expect(await sha256Of(volumeFile(restored))).toBe(want);
    },
    LONG,
  );

  it('an unknown volume or backup is one clear line and exit 1', async () => {
    const none = '00000000-0000-4000-8000-000000000000';
    const r = await agent(['--action', 'backup', '--cindernative-vol-id', none]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`freezer-agent: error: no Cinder volume ${none}\n`);
    expect(r.report).toMatchObject({ result: 'fail', error: `no Cinder volume ${none}` });
    const restore = await agent(['--action', 'restore', '--cindernative-backup-id', none]);
    expect(restore.code).toBe(1);
    expect(restore.out).toContain(`freezer-agent: error: no Cinder backup ${none}\n`);
  });
});

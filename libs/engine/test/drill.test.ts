// --action drill against a real local repository: a good chain passes and reports its restore time,
// a corrupted segment or a failing probe fails with the reason, the sandbox never outlives the drill.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DrillReport } from '@freezer/schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { flipByte } from '@freezer/testkit';
import { isoDate, runCli, runDrill, runInfo } from './run-cli.js';
import { makeTree } from './tree.js';

const dir = mkdtempSync(join(tmpdir(), 'fz-drill-'));
const src = join(dir, 'src');
const repo = join(dir, 'repo');
const drills = join(dir, 'drills');
const common = ['-C', repo, '-N', 't', '--hostname', 'h'];
let levelZeroTs = 0;

async function drill(...extra: string[]): Promise<{ code: number; report: DrillReport; stderr: string }> {
  const r = await runDrill(common, drills, ...extra);
  return { code: r.code, report: DrillReport.parse(JSON.parse(r.stdout)), stderr: r.stderr };
}

beforeAll(async () => {
  mkdirSync(src);
  makeTree(src);
  expect((await runCli(['--path-to-backup', src, ...common])).code).toBe(0);
  writeFileSync(join(src, 'added-later.txt'), 'later\n');
  expect((await runCli(['--path-to-backup', src, ...common])).code).toBe(0);
  const points = JSON.parse((await runInfo(repo, 't')).stdout) as { level_zero_timestamp: number }[];
  levelZeroTs = points[0]?.level_zero_timestamp ?? 0;
  expect(levelZeroTs).toBeGreaterThan(0);
});

describe('--action drill', () => {
  it('restores the newest point into a sandbox, matches every catalog entry, reports the RTO and removes the sandbox', async () => {
    const { code, report, stderr } = await drill();
    expect(code, stderr).toBe(0);
    expect(report).toMatchObject({
      action: 'drill',
      result: 'success',
      catalog: true,
      curr_backup_level: 1,
      mismatch_count: 0,
    });
    // makeTree's entries (files, dirs, links, a hard link, a long and a non-UTF-8 name) plus the later file.
    expect(report.entries_checked).toBeGreaterThan(20);
    expect(report.bytes_restored).toBeGreaterThan(0);
    expect(report.restore_seconds).toBeGreaterThan(0);
    expect(report.rate_bps).toBeGreaterThan(0);
    expect(readdirSync(drills)).toEqual([]);
  });

  it('--restore-from-date drills the chosen point', async () => {
    const { code, report } = await drill('--restore-from-date', isoDate(levelZeroTs));
    expect(code).toBe(0);
    expect(report).toMatchObject({ result: 'success', curr_backup_level: 0, time_stamp: levelZeroTs });
  });

  it('--drill-sample random drills one of the points', async () => {
    const points = JSON.parse((await runInfo(repo, 't')).stdout) as { timestamp: number }[];
    const { code, report } = await drill('--drill-sample', 'random');
    expect(code).toBe(0);
    expect(points.map((p) => p.timestamp)).toContain(report.time_stamp);
  });

  it('a probe sees the sandbox in $FREEZER_DRILL_SANDBOX; a failing probe fails the drill', async () => {
    const ok = await drill(
      '--drill-probe',
      'test -f "$FREEZER_DRILL_SANDBOX/added-later.txt" && echo found-it',
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.report.probe).toMatchObject({ exit_code: 0 });
    expect(ok.report.probe?.output_tail).toContain('found-it');
    const hung = await drill('--drill-probe', 'exec sleep 30', '--drill-probe-timeout', '1');
    expect(hung.code).toBe(1);
    expect(hung.report.error).toBe('probe exited with 137'); // killed (SIGKILL) at its timeout
    const bad = await drill('--drill-probe', 'exit 3');
    expect(bad.code).toBe(1);
    expect(bad.report).toMatchObject({ result: 'fail', error: 'probe exited with 3' });
    expect(readdirSync(drills)).toEqual([]);
  });

  it('a corrupted segment fails the drill with the reason, and no sandbox is left', async () => {
    const copy = join(dir, 'corrupt-repo');
    spawnSync('cp', ['-a', repo, copy]);
    const chainDir = join(copy, 'data/tar/h_t');
    const chain = readdirSync(chainDir)[0] as string;
    const level0 = readdirSync(join(chainDir, chain)).sort()[0] as string;
    flipByte(join(chainDir, chain, level0, 'data'), 100);
    const r = await runDrill(['-C', copy, '-N', 't', '--hostname', 'h'], drills);
    expect(r.code).toBe(1);
    const report = DrillReport.parse(JSON.parse(r.stdout));
    expect(report.result).toBe('fail');
    expect(report.error).toMatch(/^restore failed: .*(segment|corrupt|authentication|hash)/i);
    expect(r.stderr).toContain(report.error);
    expect(readdirSync(drills)).toEqual([]);
  });

  it('removes the sandboxes of drills whose process is gone', async () => {
    const deadPid = spawnSync('true').pid;
    const stale = join(drills, `drill-${deadPid}-0123456789ab`);
    mkdirSync(join(stale, 'restored'), { recursive: true });
    const { code } = await drill();
    expect(code).toBe(0);
    expect(readdirSync(drills)).toEqual([]);
  });

  it('needs --backup-name', async () => {
    const r = await runCli(['--action', 'drill', '-C', repo]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('freezer-agent: error: --action drill needs --backup-name');
  });
});

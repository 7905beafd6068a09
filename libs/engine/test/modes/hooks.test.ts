// --pre-command / --post-command: order, exit codes and output in the run report (metadata-out, which
// the scheduler sends as the job result), the post hook running after a failure, a failing pre hook
// stopping the backup.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runInfo, runRestore } from '../run-cli.js';

interface Report {
  action: string;
  result: string;
  error?: string;
  mode: string;
  hooks: { phase: string; command: string; exit_code: number; output_tail: string }[];
}

let work: string;
let src: string;
const common = (name: string): string[] => [
  '-F',
  src,
  '-C',
  join(work, 'repo'),
  '-N',
  name,
  '--metadata-out',
  '-',
];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'fz-hooks-'));
  src = join(work, 'src');
  mkdirSync(src);
  writeFileSync(join(src, 'f.txt'), 'data\n');
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('backup hooks', () => {
  it('run before and after, with output, exit codes and the result in the report', async () => {
    const order = join(work, 'order.txt');
    const r = await runCli([
      ...common('ok'),
      '--pre-command',
      `echo pre >> ${order}; echo "preparing $FREEZER_BACKUP_NAME"; echo warn >&2`,
      '--post-command',
      `echo post >> ${order}; echo "result=$FREEZER_BACKUP_RESULT"; exit 4`,
    ]);
    // A failing post hook is reported; it does not undo a stored backup.
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.result).toBe('success');
    expect(report.hooks).toEqual([
      expect.objectContaining({ phase: 'pre', exit_code: 0, output_tail: 'preparing ok\nwarn\n' }),
      expect.objectContaining({ phase: 'post', exit_code: 4, output_tail: 'result=success\n' }),
    ]);
    expect(readFileSync(order, 'utf8')).toBe('pre\npost\n');
  });

  it('the post hook runs after a failed backup, which reports the error and the hooks', async () => {
    const r = await runCli([
      ...common('failed'),
      '--encrypt-pass-file',
      join(work, 'missing-key'),
      '--post-command',
      'echo "cleanup after $FREEZER_BACKUP_RESULT"',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report).toMatchObject({ action: 'backup', result: 'fail', mode: 'fs' });
    expect(report.error).toMatch(/missing-key/);
    expect(report.hooks).toEqual([
      expect.objectContaining({ phase: 'post', exit_code: 0, output_tail: 'cleanup after fail\n' }),
    ]);
  });

  it('a failing pre hook stops the backup before anything is read; the post hook still runs', async () => {
    const r = await runCli([
      ...common('pre-fails'),
      '--pre-command',
      'echo cannot quiesce; exit 3',
      '--post-command',
      'echo post ran',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('freezer-agent: error: --pre-command exited with 3: no backup was taken\n');
    const report = JSON.parse(r.stdout) as Report;
    expect(report.hooks.map((h) => [h.phase, h.exit_code, h.output_tail])).toEqual([
      ['pre', 3, 'cannot quiesce\n'],
      ['post', 0, 'post ran\n'],
    ]);
    const info = await runInfo(join(work, 'repo'), 'pre-fails');
    expect(JSON.parse(info.stdout)).toEqual([]);
  });

  it('hooks belong to backups: with another action they are a usage error', async () => {
    const r = await runRestore(['-N', 'x'], join(work, 'out'), '--pre-command', 'true');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--pre-command\/--post-command apply to --action backup/);
  });
});

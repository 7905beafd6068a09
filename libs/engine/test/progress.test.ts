import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ProgressEvent } from '@freezer/schema';
import { measureTree, Progress, progressEvent, progressLine, type ProgressSink } from '../src/progress.js';
import { runCli } from './run-cli.js';

const counters = {
  phase: 'backup' as const,
  action: 'backup',
  filesDone: 3,
  bytesRead: 250,
  bytesStored: 100,
  elapsedMs: 5000,
};

describe('progress events', () => {
  it('give rate, percent and ETA once the total is known', () => {
    const e = progressEvent({ ...counters, bytesTotal: 1000, filesTotal: 10 });
    expect(e).toEqual({
      phase: 'backup',
      action: 'backup',
      files_done: 3,
      files_total: 10,
      bytes_read: 250,
      bytes_total: 1000,
      bytes_stored: 100,
      rate: 50,
      percent: 25,
      eta_seconds: 15,
      elapsed_seconds: 5,
    });
    expect(ProgressEvent.parse(e)).toEqual(e);
  });

  it('leave percent and ETA out while the total is unknown, and never say 100 before the end', () => {
    const unknown = progressEvent(counters);
    expect(unknown.percent).toBeUndefined();
    expect(unknown.eta_seconds).toBeUndefined();
    const grown = progressEvent({ ...counters, bytesRead: 1500, bytesTotal: 1000 });
    expect(grown.percent).toBe(99);
    expect(grown.bytes_total).toBe(1500);
    expect(grown.eta_seconds).toBe(0);
    const last = progressEvent(counters, true);
    expect(last).toMatchObject({ phase: 'done', percent: 100, eta_seconds: 0 });
  });

  it('draw a bar for a terminal', () => {
    const line = progressLine('backup level 0', progressEvent({ ...counters, bytesTotal: 1000 }));
    expect(line).toBe('backup level 0 [#####---------------]  25% 250 B of 1000 B, 3 files, 50 B/s, ETA 15s');
  });
});

describe('Progress', () => {
  afterEach(() => vi.useRealTimers());

  const sink = (format: ProgressSink['format'], isTTY = false) => {
    const json: string[] = [];
    const tty: string[] = [];
    const s: ProgressSink = {
      tty: { isTTY, write: (t: string) => tty.push(t) },
      quiet: false,
      format,
      json: { write: (t: string) => json.push(t) },
      action: 'backup',
    };
    return { s, json, tty };
  };

  it('writes at most one JSON line a second however many blocks go by, and a last line at 100 %', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const { s, json } = sink('json');
    const p = new Progress(s, 'backup', 'backup level 0', 64 * 1000);
    for (let second = 0; second < 3; second++) {
      for (let block = 0; block < 10; block++) {
        p.add(64, block === 0 ? 1 : 0);
        vi.advanceTimersByTime(100);
      }
    }
    p.done();
    const events = json.map((line) => ProgressEvent.parse(JSON.parse(line)));
    expect(events.map((e) => e.phase)).toEqual(['backup', 'backup', 'backup', 'done']);
    expect(events.map((e) => e.bytes_read)).toEqual([64, 704, 1344, 1920]);
    expect(events.at(-1)).toMatchObject({ percent: 100, files_done: 3 });
  });

  it('draws on a TTY only in auto mode, never when quiet, and erases its line at the end', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const bar = sink('auto', true);
    const p = new Progress(bar.s, 'backup', 'b');
    p.add(10, 1);
    p.done();
    expect(bar.tty[0]).toMatch(/^\rb 10 B, 1 files/);
    expect(bar.tty.at(-1)).toBe('\r\x1b[K');
    expect(bar.json).toEqual([]);

    const quiet = sink('auto', true);
    const q = new Progress({ ...quiet.s, quiet: true }, 'backup', 'b');
    q.add(10, 1);
    q.done();
    expect(q.enabled).toBe(false);
    expect(quiet.tty).toEqual([]);

    const pipe = sink('auto', false);
    new Progress(pipe.s, 'backup', 'b').add(10, 1);
    expect(pipe.tty).toEqual([]);
  });
});

describe('freezer-agent --progress json', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'progress-'));
    await mkdir(join(work, 'src', 'sub'), { recursive: true });
    await writeFile(join(work, 'src', 'a.bin'), Buffer.alloc(300_000, 7));
    await writeFile(join(work, 'src', 'sub', 'b.bin'), Buffer.alloc(200_000, 9));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));
  const backupOf = (repo: string) =>
    ['--action', 'backup', '-C', join(work, repo), '-N', 'p', '--hostname', 'h'].concat([
      '--path-to-backup',
      join(work, 'src'),
    ]);

  it('measures the source tree', async () => {
    expect(await measureTree(join(work, 'src'))).toEqual({ bytes: 500_000, files: 4 });
    expect(await measureTree(join(work, 'missing'))).toEqual({ bytes: 0, files: 0 });
  });

  it('writes schema-valid lines to --progress-file, ending with done at 100 %', async () => {
    const file = join(work, 'progress.jsonl');
    const r = await runCli([...backupOf('repo'), '--progress', 'json', '--progress-file', file]);
    expect(r.stderr).not.toContain('"phase"');
    expect(r.code).toBe(0);
    const events = (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => ProgressEvent.parse(JSON.parse(l)));
    const last = events.at(-1);
    expect(last).toMatchObject({
      phase: 'done',
      action: 'backup',
      percent: 100,
      files_done: 4,
      files_total: 4,
    });
    expect(last?.bytes_read).toBeGreaterThan(500_000);
    expect(last?.bytes_stored).toBeGreaterThan(0);
  });

  it('writes the lines to stderr without --progress-file, and refuses a bad format or file', async () => {
    const common = backupOf('repo2');
    const r = await runCli([...common, '--progress', 'json']);
    expect(r.code).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('{'));
    expect(ProgressEvent.parse(JSON.parse(lines.at(-1) as string)).phase).toBe('done');

    const bad = await runCli([...common, '--progress', 'xml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--progress/);
    const noDir = await runCli([
      ...common,
      '--progress',
      'json',
      '--progress-file',
      join(work, 'no', 'such', 'f'),
    ]);
    expect(noDir.code).toBe(2);
    expect(noDir.stderr).toContain('--progress-file');
    expect(noDir.stderr).not.toContain('    at ');
  });
});

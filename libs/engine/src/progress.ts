import { closeSync, fstatSync, openSync, writeSync } from 'node:fs';
import { opendir, lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProgressEvent, PROGRESS_FORMATS } from '@freezer/schema';
import { UsageError } from './errors.js';
import { formatBytes } from './sizes.js';

interface TtyLike {
  isTTY?: boolean;
  write(text: string): unknown;
}

export type ProgressFormat = (typeof PROGRESS_FORMATS)[number];

/** Where progress goes: a bar on a TTY (`auto`, not quiet), JSON lines (`json`), or nowhere. */
export interface ProgressSink {
  tty: TtyLike;
  quiet: boolean;
  format: ProgressFormat;
  /** Where `json` lines go (stderr unless --progress-file). */
  json?: { write(text: string): unknown };
  /** The agent action the events belong to. */
  action: string;
}

/** A terminal redraws at most 4 times a second; a JSON reader gets about one event a second. */
const TTY_INTERVAL_MS = 250;
export const JSON_INTERVAL_MS = 1000;

/** The counters a progress event is computed from. */
export interface ProgressCounters {
  phase: 'backup' | 'restore';
  action: string;
  filesDone: number;
  filesTotal?: number;
  bytesRead: number;
  bytesTotal?: number;
  bytesStored: number;
  elapsedMs: number;
}

/**
 * The event for the counters: rate over the whole action (steadier than the last second's), ETA and
 * percent once the total is known. Percent stays below 100 until the action ends (the total is an
 * estimate: files grow, excludes are not subtracted); the last event (`done`) says 100.
 */
export function progressEvent(c: ProgressCounters, done = false): ProgressEvent {
  const seconds = c.elapsedMs / 1000;
  const rate = seconds > 0 ? c.bytesRead / seconds : 0;
  const event: ProgressEvent = {
    phase: done ? 'done' : c.phase,
    action: c.action,
    files_done: c.filesDone,
    bytes_read: c.bytesRead,
    bytes_stored: c.bytesStored,
    rate: Math.round(rate),
    elapsed_seconds: Math.round(seconds * 10) / 10,
  };
  if (c.filesTotal !== undefined) event.files_total = Math.max(c.filesTotal, c.filesDone);
  if (c.bytesTotal !== undefined) {
    event.bytes_total = Math.max(c.bytesTotal, c.bytesRead);
    if (done) {
      event.percent = 100;
      event.eta_seconds = 0;
    } else {
      const ratio = c.bytesTotal > 0 ? c.bytesRead / c.bytesTotal : 0;
      event.percent = Math.min(99, Math.floor(ratio * 1000) / 10);
      if (rate > 0) event.eta_seconds = Math.max(0, Math.ceil((c.bytesTotal - c.bytesRead) / rate));
    }
  } else if (done) {
    event.percent = 100;
    event.eta_seconds = 0;
  }
  return event;
}

/** One line for a terminal: `label [#####-----]  42%  210.0 MiB of 500.0 MiB, 12 files, 50.0 MiB/s, ETA 6s`. */
export function progressLine(label: string, e: ProgressEvent): string {
  const width = 20;
  const bar =
    e.percent === undefined
      ? ''
      : ` [${'#'.repeat(Math.round((e.percent / 100) * width)).padEnd(width, '-')}] ${e.percent.toFixed(0).padStart(3)}%`;
  const of = e.bytes_total === undefined ? '' : ` of ${formatBytes(e.bytes_total)}`;
  const eta = e.eta_seconds === undefined || e.phase === 'done' ? '' : `, ETA ${e.eta_seconds}s`;
  return `${label}${bar} ${formatBytes(e.bytes_read)}${of}, ${e.files_done} files, ${formatBytes(e.rate)}/s${eta}`;
}

/**
 * The progress of one action: counters the data path bumps (no allocation per block, one clock read),
 * drawn on a TTY and/or written as JSON lines, each throttled.
 */
export class Progress {
  private readonly counters: ProgressCounters;
  private readonly started = Date.now();
  private lastDraw = 0;
  private lastJson = 0;
  private readonly bar: boolean;
  private readonly json: boolean;

  constructor(
    private readonly sink: ProgressSink,
    phase: 'backup' | 'restore',
    private readonly label: string,
    expectedBytes?: number,
  ) {
    this.counters = {
      phase,
      action: sink.action,
      filesDone: 0,
      bytesRead: 0,
      bytesStored: 0,
      elapsedMs: 0,
      ...(expectedBytes !== undefined ? { bytesTotal: expectedBytes } : {}),
    };
    this.bar = sink.format === 'auto' && sink.tty.isTTY === true && !sink.quiet;
    this.json = sink.format === 'json' && sink.json !== undefined;
  }

  /** Anyone listening? (a caller skips measuring the source when not) */
  get enabled(): boolean {
    return this.bar || this.json;
  }

  /** The source's size, once measured. */
  expect(bytes: number, files?: number): void {
    this.counters.bytesTotal = bytes;
    if (files !== undefined) this.counters.filesTotal = files;
  }

  add(bytes: number, files = 0): void {
    this.counters.bytesRead += bytes;
    this.counters.filesDone += files;
    this.tick();
  }

  /**
   * Counts what reaches the storage as it streams by. It ticks too: the source is read ahead of a
   * slow storage by the pipeline's buffers, and the storage is then what moves.
   */
  async *countStored(segments: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const segment of segments) {
      this.counters.bytesStored += segment.length;
      this.tick();
      yield segment;
    }
  }

  done(): void {
    if (this.json) this.writeJson(true);
    if (this.bar && this.lastDraw > 0) this.sink.tty.write('\r\x1b[K');
  }

  private tick(): void {
    if (!this.bar && !this.json) return;
    const now = Date.now();
    if (this.bar && now - this.lastDraw >= TTY_INTERVAL_MS) {
      this.lastDraw = now;
      this.counters.elapsedMs = now - this.started;
      this.sink.tty.write(`\r${progressLine(this.label, progressEvent(this.counters))}\x1b[K`);
    }
    if (this.json && now - this.lastJson >= JSON_INTERVAL_MS) {
      this.lastJson = now;
      this.writeJson(false);
    }
  }

  private writeJson(done: boolean): void {
    this.counters.elapsedMs = Date.now() - this.started;
    this.sink.json?.write(`${JSON.stringify(progressEvent(this.counters, done))}\n`);
  }
}

/**
 * `--progress-file`: a file or FIFO, written synchronously (an event a second); silent once broken.
 * `/dev/fd/N` is taken as the inherited descriptor N itself, as shells do: a parent's socket pair
 * (what Node gives a child for an extra pipe) cannot be reopened by path.
 */
export function openProgressFile(path: string): { write(text: string): void; close(): void } {
  let fd: number | undefined;
  const inherited = /^\/dev\/fd\/(\d+)$/.exec(path);
  try {
    fd = inherited ? Number(inherited[1]) : openSync(path, 'a');
    if (inherited) fstatSync(fd);
  } catch (err) {
    throw new UsageError(`--progress-file ${path}: ${(err as NodeJS.ErrnoException).code ?? 'cannot open'}`);
  }
  return {
    write(text) {
      if (fd === undefined) return;
      try {
        writeSync(fd, text);
      } catch {
        // A reader that went away must not fail the backup: progress is best-effort.
        fd = undefined;
      }
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

/**
 * Bytes of regular files and entries (files, directories, links: what an archive counts as members)
 * under `path`, symlinks not followed, for the percent and ETA; never throws.
 */
export async function measureTree(path: string): Promise<{ bytes: number; files: number }> {
  const total = { bytes: 0, files: 0 };
  const walk = async (p: string): Promise<void> => {
    const info = await lstat(p).catch(() => undefined);
    if (!info) return;
    total.files += 1;
    if (info.isFile()) total.bytes += info.size;
    if (!info.isDirectory()) return;
    const dir = await opendir(p).catch(() => undefined);
    if (!dir) return;
    for await (const entry of dir) await walk(join(p, entry.name));
  };
  await walk(path);
  return total;
}

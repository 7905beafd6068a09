import type { ProgressEvent } from '@freezer/schema';
import type { Readable } from 'node:stream';
import { readProgressEvent } from './progress-event.js';

export interface ProgressStreamOptions {
  /** A line longer than this ends the stream: an event is ~300 bytes. */
  maxLineBytes?: number;
  /** No byte for this long ends the stream (a stalled node or proxy); nodes write every ~2 s. */
  idleMs?: number;
}

export interface ProgressStreamResult {
  /** Events taken (each handed to `onEvent`). */
  accepted: number;
  /** Why the stream was cut short (a bad line, too long, idle), or undefined when it ended cleanly. */
  error?: string;
  /** The sender went away before the end. */
  aborted?: boolean;
}

export const MAX_PROGRESS_LINE = 4096;
export const PROGRESS_STREAM_IDLE_MS = 30_000;
const NEWLINE = 0x0a;

/**
 * Reads an NDJSON body of progress events as it arrives, handing each valid line to `onEvent` at once
 * (a dashboard sees it before the stream ends). The first bad line ends the reading: nothing after it
 * is taken. Blank lines are skipped. A chunk is sliced, not copied, unless a line spans chunks.
 */
export function readProgressStream(
  body: Readable,
  onEvent: (event: ProgressEvent) => void,
  options: ProgressStreamOptions = {},
): Promise<ProgressStreamResult> {
  const maxLine = options.maxLineBytes ?? MAX_PROGRESS_LINE;
  const idleMs = options.idleMs ?? PROGRESS_STREAM_IDLE_MS;
  return new Promise((resolve) => {
    let accepted = 0;
    let lineNo = 0;
    let carry: Buffer | undefined;
    let settled = false;

    const finish = (result: ProgressStreamResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(idle);
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('close', onClose);
      body.off('error', onClose);
      body.pause();
      resolve(result);
    };
    const fail = (error: string) => finish({ accepted, error });

    const take = (line: Buffer): boolean => {
      lineNo++;
      const end = line.length > 0 && line[line.length - 1] === 0x0d ? line.length - 1 : line.length;
      if (end === 0) return true;
      const read = readProgressEvent(end === line.length ? line : line.subarray(0, end));
      if (!read.event) {
        fail(`line ${lineNo}: ${read.error}`);
        return false;
      }
      accepted++;
      onEvent(read.event);
      return true;
    };

    const onData = (chunk: Buffer) => {
      idle.refresh();
      let from = 0;
      for (;;) {
        const nl = chunk.indexOf(NEWLINE, from);
        if (nl === -1) break;
        let line = chunk.subarray(from, nl);
        if (carry) {
          line = Buffer.concat([carry, line]);
          carry = undefined;
        }
        if (line.length > maxLine) return fail(`line ${lineNo + 1}: longer than ${maxLine} bytes`);
        if (!take(line)) return;
        from = nl + 1;
      }
      if (from < chunk.length) {
        const rest = chunk.subarray(from);
        const size = (carry?.length ?? 0) + rest.length;
        if (size > maxLine) return fail(`line ${lineNo + 1}: longer than ${maxLine} bytes`);
        // Copied: the chunk's memory is not kept alive for a few bytes of it.
        carry = carry ? Buffer.concat([carry, rest]) : Buffer.from(rest);
      }
    };
    const onEnd = () => {
      // A last line without its newline still counts.
      if (carry && !take(carry)) return;
      finish({ accepted });
    };
    const onClose = () => finish({ accepted, aborted: true });

    const idle = setTimeout(() => fail(`no data for ${Math.round(idleMs / 1000)} s`), idleMs);
    idle.unref();
    body.on('data', onData);
    body.on('end', onEnd);
    body.on('close', onClose);
    body.on('error', onClose);
  });
}

import { PROGRESS_INTERVAL_HEADER, ProgressAdvice, type ProgressEvent } from '@freezer/schema';
import type { ProgressSend } from './progress-forwarder.js';

export const PROGRESS_STREAM_TYPE = 'application/x-ndjson';

export interface ProgressStreamSenderOptions {
  /** Where to open a stream and with which headers (asked again for each stream: tokens change). */
  target: () => Promise<{ url: string; headers: Record<string, string> }>;
  /** The single post, used once the API has refused a stream (or never answered one). */
  post: ProgressSend;
  /**
   * The API's pacing advice, raw (a header's text, a control line's number): from a stream's response
   * headers and from each `{"progress_interval":N}` line of its response body. The forwarder checks it.
   */
  onAdvice?: (seconds: unknown) => void;
  /** A stream is ended and a new one opened after this long: long requests hit server and proxy timeouts. */
  windowMs?: number;
  /** No response headers this long after a stream's first line: a buffering proxy or an old API. */
  headersTimeoutMs?: number;
  now?: () => number;
}

export const PROGRESS_STREAM_WINDOW_MS = 60_000;
export const PROGRESS_HEADERS_TIMEOUT_MS = 5_000;
/** Lines queued but not taken by the connection: the stream is stuck, a new one replaces it. */
const MAX_QUEUED_BYTES = 64 * 1024;

interface OpenStream {
  controller: ReadableStreamDefaultController<Uint8Array>;
  abort: AbortController;
  opened: number;
  ended: boolean;
}

const encoder = new TextEncoder();

/**
 * Sends a run's progress as one streamed request per window instead of one request per event: 1,000
 * nodes posting every 2 s are 500 requests a second, and even a bare server answering them costs
 * about half of what the events are worth (docs/benchmarks.md, Live progress). `send` fits the
 * forwarder (which keeps the pacing: the latest event per interval, the last at once); it writes a
 * line into the open stream, or opens one and waits for its response headers. An API that answers
 * a stream with anything but 200 (a stock API's 404/405/415), or not within a few seconds, gets
 * single posts for the rest of the run.
 */
export class ProgressStreamSender {
  private current: OpenStream | undefined;
  private posting = false;
  private readonly windowMs: number;
  private readonly headersTimeoutMs: number;
  private readonly now: () => number;

  constructor(private readonly options: ProgressStreamSenderOptions) {
    this.windowMs = options.windowMs ?? PROGRESS_STREAM_WINDOW_MS;
    this.headersTimeoutMs = options.headersTimeoutMs ?? PROGRESS_HEADERS_TIMEOUT_MS;
    this.now = options.now ?? Date.now;
  }

  /** Whether the run's progress goes as single posts (the stream was refused or never answered). */
  get fellBack(): boolean {
    return this.posting;
  }

  readonly send: ProgressSend = async (event) => {
    if (this.posting) return this.options.post(event);
    const line = encoder.encode(`${JSON.stringify(event)}\n`);
    const open = this.current;
    if (open && !open.ended && this.now() - open.opened < this.windowMs && this.write(open, line)) {
      if (event.phase === 'done') this.end();
      return true;
    }
    this.end();
    return this.openWith(event, line);
  };

  /** Ends the open stream (the run is over, or its window is). */
  end(): void {
    const open = this.current;
    this.current = undefined;
    if (!open || open.ended) return;
    open.ended = true;
    try {
      open.controller.close();
    } catch {
      // Already cancelled by a failed request: nothing to close.
    }
  }

  private write(open: OpenStream, line: Uint8Array): boolean {
    if ((open.controller.desiredSize ?? 0) < -MAX_QUEUED_BYTES) {
      open.abort.abort();
      return false;
    }
    try {
      open.controller.enqueue(line);
      return true;
    } catch {
      return false;
    }
  }

  /** Reads the reply's lines as they come, handing each pacing line's interval to `onAdvice`. */
  private async readReply(res: Response): Promise<void> {
    if (!res.body) return;
    const decoder = new TextDecoder();
    let carry = '';
    const reader = res.body.getReader();
    for (;;) {
      const { done, value: chunk } = await reader.read();
      if (done) break;
      const lines = (carry + decoder.decode(chunk, { stream: true })).split('\n');
      carry = lines.pop() ?? '';
      // A reply line is short; a longer tail is no line of ours and is not kept growing.
      if (carry.length > 4096) carry = '';
      for (const line of lines) this.adviceFrom(line);
    }
  }

  private adviceFrom(line: string): void {
    if (!line.includes('progress_interval')) return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      return;
    }
    const advice = ProgressAdvice.safeParse(raw);
    if (advice.success) this.options.onAdvice?.(advice.data.progress_interval);
  }

  private async openWith(event: ProgressEvent, line: Uint8Array): Promise<boolean> {
    const { url, headers } = await this.options.target();
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    const abort = new AbortController();
    const open: OpenStream = { controller, abort, opened: this.now(), ended: false };
    controller.enqueue(line);
    const init: RequestInit & { duplex: 'half' } = {
      method: 'POST',
      headers: { ...headers, 'content-type': PROGRESS_STREAM_TYPE },
      body,
      duplex: 'half',
      signal: abort.signal,
    };
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), this.headersTimeoutMs);
      timer.unref();
    });
    let res: Response | 'late';
    try {
      res = await Promise.race([fetch(url, init), late]);
    } catch (err) {
      // Unreachable API: this event is lost, the next one tries a stream again.
      open.ended = true;
      throw err;
    } finally {
      clearTimeout(timer);
    }
    if (res === 'late' || res.status !== 200) {
      open.ended = true;
      abort.abort();
      if (res !== 'late') void res.body?.cancel().catch(() => undefined);
      this.posting = true;
      return this.options.post(event);
    }
    this.current = open;
    const interval = res.headers.get(PROGRESS_INTERVAL_HEADER);
    if (interval !== null) this.options.onAdvice?.(interval);
    // The reply: pacing lines while the stream is open, then its one last line when it ends (window
    // over, idle, a refused line); the next event then opens a new stream.
    void this.readReply(res)
      .catch(() => undefined)
      .finally(() => {
        open.ended = true;
        if (this.current === open) this.current = undefined;
      });
    if (event.phase === 'done') this.end();
    return true;
  }
}

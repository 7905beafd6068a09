import { badRequest } from '../errors.js';

/** Longest accepted line: a record with two 4096-byte paths and its metadata fits well within. */
export const MAX_LINE_BYTES = 64 * 1024;

export interface NdjsonLine {
  line: string;
  n: number;
}

/**
 * The lines of an NDJSON byte stream with their 1-based numbers, a batch per chunk of the body,
 * holding at most one partial line: the body is never read whole, and a million lines cost a
 * few thousand awaits, not a million. Blank lines are skipped (a trailing newline is fine).
 */
export async function* ndjsonLines(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<NdjsonLine[]> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let rest = '';
  let n = 0;
  const decode = (chunk: Uint8Array | string, stream: boolean): string => {
    if (typeof chunk === 'string') return chunk;
    try {
      return decoder.decode(chunk, { stream });
    } catch {
      throw badRequest(`line ${n + 1}: not valid UTF-8`);
    }
  };
  for await (const chunk of body) {
    const text = rest + decode(chunk, true);
    const parts = text.split('\n');
    rest = parts.pop() ?? '';
    const batch: NdjsonLine[] = [];
    for (const line of parts) {
      n += 1;
      if (line.trim() !== '') batch.push({ line, n });
    }
    if (batch.length > 0) yield batch;
    if (rest.length > MAX_LINE_BYTES) throw badRequest(`line ${n + 1}: longer than ${MAX_LINE_BYTES} bytes`);
  }
  rest += decode(new Uint8Array(), false);
  if (rest.trim() !== '') yield [{ line: rest, n: n + 1 }];
}

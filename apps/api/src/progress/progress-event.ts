import { ProgressEvent, formatZodError } from '@freezer/schema';
import { MAX_JSON_DEPTH, jsonDepth } from '../plugins/body-parsing.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export type ReadEvent = { event: ProgressEvent; error?: undefined } | { event?: undefined; error: string };

/** One progress event from the bytes of a body or of an NDJSON line, or why it is not one. */
export function readProgressEvent(bytes: Uint8Array): ReadEvent {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { error: 'not valid UTF-8' };
  }
  if (jsonDepth(text) > MAX_JSON_DEPTH) return { error: `nested deeper than ${MAX_JSON_DEPTH} levels` };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { error: `malformed JSON: ${(err as Error).message}` };
  }
  const parsed = ProgressEvent.safeParse(raw);
  return parsed.success ? { event: parsed.data } : { error: formatZodError(parsed.error, raw, 'event') };
}

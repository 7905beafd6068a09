import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, badFormat } from './api-error.js';

/**
 * Deepest nesting of arrays/objects a body may have. Real documents stay under 10; thousands of
 * levels would overflow the stack of every recursive walker after the parser (validation, search).
 */
export const MAX_JSON_DEPTH = 64;

const utf8 = new TextDecoder('utf-8', { fatal: true });

declare module 'fastify' {
  interface FastifyRequest {
    /** Largest body this caller may send (set by the limits hook); checked on the bytes read. */
    callerBodyLimit?: number;
  }
}

/** Nesting depth of JSON text, counted without recursion (brackets inside strings do not count). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > max) max = depth;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

function tooLarge(req: FastifyRequest, size: number, limit: number): ApiError {
  return new ApiError(
    413,
    'Payload Too Large',
    `request body of ${size} bytes is larger than the ${limit} bytes allowed to this ${req.principal ? 'caller' : 'anonymous caller'}`,
  );
}

function parseJson(req: FastifyRequest, body: Buffer): unknown {
  // Content-Length was checked before reading; a chunked body is only measured here.
  const limit = req.callerBodyLimit;
  if (limit !== undefined && body.length > limit) throw tooLarge(req, body.length, limit);
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw badFormat('Request body is not valid UTF-8');
  }
  // The stock API treats an empty body as "no body"; so do we.
  if (text.trim() === '') return undefined;
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    throw badFormat(`Request body is nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    // The stock API answered HTTP 753 here; a real 400 with the parser's reason is more useful.
    throw badFormat(`Malformed JSON in request body: ${(err as Error).message}`);
  }
}

/** The content types read as JSON (`application/json`, `application/x+json`, with parameters). */
export const JSON_CONTENT_TYPE = /^application\/([\w.-]+\+)?json\s*(;.*)?$/i;

/**
 * JSON bodies on every method, GET included: stock clients send list search filters as a GET body.
 * Any other content type is refused (415) unless the body is empty: a web page can send text/plain
 * or a form to any address without asking, so such bodies must never be read as API input.
 */
export function useJsonBodies(app: FastifyInstance): void {
  app.addHttpMethod('GET', { hasBody: true, overrideExisting: true });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(JSON_CONTENT_TYPE, { parseAs: 'buffer' }, (req, body, done) => {
    try {
      done(null, parseJson(req, body as Buffer));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (req, body, done) => {
    if ((body as Buffer).length === 0) {
      done(null, undefined);
      return;
    }
    const type = req.headers['content-type'] ?? 'no content type';
    done(new ApiError(415, 'Unsupported Media Type', `send the body as application/json, not ${type}`));
  });
}

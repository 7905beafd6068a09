import type { FastifyInstance } from 'fastify';
import { badFormat } from './api-error.js';

function parseJson(text: string): unknown {
  // The stock API treats an empty body as "no body"; so do we.
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    // The stock API answered HTTP 753 here; a real 400 with the parser's reason is more useful.
    throw badFormat(`Malformed JSON in request body: ${(err as Error).message}`);
  }
}

/**
 * JSON bodies on every method, GET included: stock clients send list search filters as a GET body.
 * Bodies with another or no content type are read as JSON too (the stock API ignored the header).
 */
export function useJsonBodies(app: FastifyInstance): void {
  app.addHttpMethod('GET', { hasBody: true, overrideExisting: true });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseJson(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseJson(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
}

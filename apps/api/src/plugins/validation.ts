import { formatZodError } from '@freezer/schema';
import type { FastifyInstance } from 'fastify';
import type { ZodType } from 'zod';
import { ApiError, badFormat } from './api-error.js';

const WHAT: Record<string, string> = {
  body: 'request body',
  querystring: 'query string',
  params: 'path',
  headers: 'headers',
};

/**
 * Route schemas are zod; validation errors become one 400 line naming each field
 * (`job_actions[0].mandatory: expected boolean, got string`). Responses are serialised with plain
 * JSON.stringify: response schemas only document the API.
 */
export function useZodValidation(app: FastifyInstance): void {
  app.setValidatorCompiler<ZodType>(zodValidatorCompiler);
  app.setSerializerCompiler(() => (data: unknown) => JSON.stringify(data));
}

/** The app's validator compiler (a route with a streamed body wraps it). */
export function zodValidatorCompiler({ schema, httpPart }: { schema: ZodType; httpPart?: string }) {
  return (raw: unknown) => {
    // Fastify hands a bodiless request's body over as null; treat it as absent.
    const data = httpPart === 'body' && raw === null ? undefined : raw;
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data };
    if (httpPart === 'body' && (data === undefined || data === null)) {
      return { error: badFormat('Missing request body: send a JSON object') };
    }
    const message = formatZodError(result.error, data, WHAT[httpPart ?? 'body'] ?? 'request');
    if (httpPart === 'params') return { error: new ApiError(400, 'Invalid parameter', message) };
    return { error: badFormat(message) };
  };
}

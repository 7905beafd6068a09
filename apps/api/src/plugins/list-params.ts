import { SearchFilter, formatZodError } from '@freezer/schema';
import { type Page, type Search, expandAll } from '@freezer/store';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { badFormat, invalidParam } from './api-error.js';

export const ListQuerystring = z.object({
  limit: z.string().optional().describe('page size; missing or 0 = 10, -1 = unlimited'),
  offset: z.string().optional().describe('rows to skip (default 0)'),
  search: z
    .string()
    .optional()
    .describe('URL-encoded JSON {"match": [...], "match_not": [...]}; a GET body wins'),
});

/** Largest page size or offset (a 32-bit integer: every database takes it as a LIMIT/OFFSET). */
export const MAX_PAGE_NUMBER = 2_147_483_647;

function intParam(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw)) throw invalidParam(name, 'The value must be an integer.');
  const n = Number.parseInt(raw, 10);
  if (Math.abs(n) > MAX_PAGE_NUMBER)
    throw invalidParam(name, `The value must be between -${MAX_PAGE_NUMBER} and ${MAX_PAGE_NUMBER}.`);
  return n;
}

export function pageOf(query: { limit?: string; offset?: string }): Page {
  const limit = intParam('limit', query.limit);
  const offset = intParam('offset', query.offset) ?? 0;
  if (offset < 0) throw invalidParam('offset', 'The value must be 0 or more.');
  // Stock: `limit or 10`, and a negative limit is SQLite's "no limit".
  return { limit: !limit ? 10 : limit < 0 ? -1 : limit, offset };
}

function parseSearch(raw: unknown, where: string): Search {
  if (raw === undefined) return { match: [], match_not: [] };
  const parsed = SearchFilter.safeParse(raw);
  if (!parsed.success) throw badFormat(formatZodError(parsed.error, raw, where));
  return expandAll({ match: parsed.data.match ?? [], match_not: parsed.data.match_not ?? [] });
}

/** The search filter from the GET body (stock clients) or `?search=` (browsers); the body wins. */
export function searchOf(request: FastifyRequest, query: { search?: string }): Search {
  const search = requestedSearch(request, query);
  // A scheduler token lists only its own client's documents (jobs, clients: the lists it may use).
  const clientId = request.principal?.clientId;
  return clientId ? { ...search, match: [...search.match, { client_id: clientId }] } : search;
}

function requestedSearch(request: FastifyRequest, query: { search?: string }): Search {
  if (request.body !== undefined) return parseSearch(request.body, 'search body');
  if (query.search === undefined || query.search === '') return parseSearch(undefined, '');
  let raw: unknown;
  try {
    raw = JSON.parse(query.search);
  } catch (err) {
    throw invalidParam('search', `It must be URL-encoded JSON: ${(err as Error).message}`);
  }
  return parseSearch(raw, 'search parameter');
}

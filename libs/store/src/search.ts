import { badRequest } from './errors.js';

export interface Search {
  match: Record<string, unknown>[];
  match_not: Record<string, unknown>[];
}

export const EMPTY_SEARCH: Search = { match: [], match_not: [] };

/**
 * The value of `key` anywhere in a document tree (nested objects and lists of objects), the last
 * occurrence in document order winning — the stock SQL backend's rule.
 */
export function findLast(doc: unknown, key: string): unknown {
  let found: unknown = undefined;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === key) found = v;
      else if (v !== null && typeof v === 'object') visit(v);
    }
  };
  visit(doc);
  return found;
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Lookup of one key; repositories override it for keys with a canonical place (e.g. job status). */
export type Lookup = (doc: unknown, key: string) => unknown;

export function matches(doc: unknown, search: Search, lookup: Lookup = findLast): boolean {
  for (const pair of search.match) {
    for (const [k, v] of Object.entries(pair)) if (!equal(lookup(doc, k), v)) return false;
  }
  for (const pair of search.match_not) {
    for (const [k, v] of Object.entries(pair)) if (equal(lookup(doc, k), v)) return false;
  }
  return true;
}

/** Flattens `[{a:1, b:2}]` into `[['a',1],['b',2]]`. */
export function pairsOf(list: Record<string, unknown>[]): [string, unknown][] {
  return list.flatMap((pair) => Object.entries(pair));
}

/**
 * The freezer CLI's `--search TEXT` sends `{"match":[{"_all": TEXT}]}` where TEXT must be a JSON list
 * of pairs. The stock API silently ignores any other text (returning everything); we refuse it.
 */
export function expandAll(search: Search): Search {
  const match: Record<string, unknown>[] = [];
  for (const pair of search.match) {
    const { _all, ...rest } = pair;
    if (_all !== undefined) {
      let parsed: unknown;
      try {
        parsed = typeof _all === 'string' ? JSON.parse(_all) : _all;
      } catch {
        parsed = undefined;
      }
      if (
        !Array.isArray(parsed) ||
        !parsed.every((p) => p !== null && typeof p === 'object' && !Array.isArray(p))
      ) {
        throw badRequest(
          `search _all must be a JSON list of {"key": value} objects, e.g. '[{"client_id": "node1"}]'`,
        );
      }
      match.push(...(parsed as Record<string, unknown>[]));
    }
    if (Object.keys(rest).length > 0) match.push(rest);
  }
  return { match, match_not: search.match_not };
}

export interface Page {
  /** -1 = unlimited. */
  limit: number;
  offset: number;
}

export function paginate<T>(rows: T[], page: Page): T[] {
  const end = page.limit < 0 ? undefined : page.offset + page.limit;
  return rows.slice(page.offset, end);
}

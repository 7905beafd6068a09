export interface ListQuery {
  limit?: number;
  offset?: number;
  /** Stock search filter; sent as the `search` query parameter because browsers cannot send a GET body. */
  search?: SearchFilter;
}

export interface SearchFilter {
  match?: Record<string, string | number | boolean>[];
  match_not?: Record<string, string | number | boolean>[];
}

export function projectPath(project: string, rest: string): string {
  return `/v2/${encodeURIComponent(project)}${rest}`;
}

export function withListQuery(path: string, q: ListQuery): string {
  const params = new URLSearchParams();
  if (q.limit !== undefined) params.set('limit', String(q.limit));
  if (q.offset !== undefined) params.set('offset', String(q.offset));
  if (q.search && ((q.search.match?.length ?? 0) > 0 || (q.search.match_not?.length ?? 0) > 0)) {
    params.set('search', JSON.stringify(q.search));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

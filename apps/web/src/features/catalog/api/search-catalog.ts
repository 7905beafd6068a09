import { queryOptions, useQuery } from '@tanstack/react-query';
import type { CatalogSearchResult } from '@freezer/schema';
import { apiClient } from '../../../lib/api';
import { useProject } from '../../../lib/project';

export const SEARCH_LIMIT = 100;

export function searchCatalog(
  project: string,
  q: string,
  signal?: AbortSignal,
): Promise<CatalogSearchResult> {
  return apiClient(project, signal).searchCatalog(q, { limit: SEARCH_LIMIT });
}

export const catalogSearchQueryOptions = (project: string, q: string) =>
  queryOptions({
    queryKey: [project, 'catalog', 'search', q],
    queryFn: ({ signal }) => searchCatalog(project, q, signal),
    enabled: q.trim() !== '',
    placeholderData: (prev) => prev,
  });

/** Files whose name (or path, when `q` holds a "/") matches, across the project, with their versions. */
export function useCatalogSearch(q: string) {
  const { project } = useProject();
  return useQuery(catalogSearchQueryOptions(project, q.trim()));
}

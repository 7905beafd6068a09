import { queryOptions, useQuery } from '@tanstack/react-query';
import { ApiError } from '@freezer/api-client';
import type { CatalogListing, CatalogMissingBody, CatalogSort } from '@freezer/schema';
import { apiClient } from '../../../lib/api';
import { useProject } from '../../../lib/project';

export const LISTING_PAGE_SIZE = 500;

export interface ListingRequest {
  backupId: string;
  path: string;
  offset: number;
  sort: CatalogSort;
}

/** A folder as it was at the point, or why the point cannot be browsed (`reason`). */
export type ListingReply =
  { kind: 'listing'; listing: CatalogListing } | { kind: 'missing'; missing: CatalogMissingBody };

export async function getCatalogListing(
  project: string,
  r: ListingRequest,
  signal?: AbortSignal,
): Promise<ListingReply> {
  const reply = await apiClient(project, signal).listCatalog(r.backupId, {
    path: r.path,
    offset: r.offset,
    limit: LISTING_PAGE_SIZE,
    sort: r.sort,
  });
  if ('reason' in reply) return { kind: 'missing', missing: reply };
  // A 404 without a reason is about the backup itself (deleted meanwhile), not its catalog.
  if (!('entries' in reply))
    throw new ApiError(404, (reply as { description?: string }).description ?? 'Not Found', 'GET', 'catalog');
  return { kind: 'listing', listing: reply };
}

export const catalogListingQueryOptions = (project: string, r: ListingRequest) =>
  queryOptions({
    queryKey: [project, 'catalog', 'listing', r],
    queryFn: ({ signal }) => getCatalogListing(project, r, signal),
    // A point's catalog does not change once uploaded; the tree is refetched only when it is missing
    // (the scheduler uploads it right after the backup commits).
    staleTime: Infinity,
    refetchInterval: (q) => (q.state.data?.kind === 'missing' ? 5000 : false),
    placeholderData: (prev) => prev,
  });

export function useCatalogListing(r: ListingRequest) {
  const { project } = useProject();
  return useQuery(catalogListingQueryOptions(project, r));
}

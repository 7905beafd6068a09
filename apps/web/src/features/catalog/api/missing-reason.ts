import type { CatalogMissingBody } from '@freezer/schema';

/** Why a point cannot be browsed, in the operator's words, and what they can still do. */
export function missingReasonText(m: CatalogMissingBody, path: string): string {
  switch (m.reason) {
    case 'no_catalog':
      return 'This backup has no file catalog, so it cannot be browsed: it was made by the stock agent or before catalogs existed, or its node runs with --no-catalog-upload (file names stay off the API). It can still be restored whole with Restore.';
    case 'chain_incomplete':
      return 'A backup this incremental point builds on has no file catalog, so the tree as it was at this point cannot be put together. It can still be restored whole with Restore.';
    case 'no_such_directory':
      return `The folder "${path}" did not exist at this point.`;
  }
}

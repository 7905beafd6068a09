import { useState } from 'react';
import type { BackupDoc } from '@freezer/api-client';
import type { CatalogSort } from '@freezer/schema';
import { FilterBox } from '../../../components/filter-box';
import { QueryState } from '../../../components/query-state';
import { formatEpoch } from '../../../lib/format';
import { LISTING_PAGE_SIZE, useCatalogListing } from '../api/get-catalog-listing';
import { missingReasonText } from '../api/missing-reason';
import { filterEntries, restorePaths, toggleAll, type Selection } from '../api/tree';
import { FolderCrumbs } from './folder-crumbs';
import { FolderTable } from './folder-table';
import { PointPicker } from './point-picker';
import { SelectionRestoreDialog } from './selection-restore-dialog';

interface Props {
  backup: BackupDoc;
  path: string;
  onPath: (path: string) => void;
  onPoint: (backupId: string) => void;
}

/** The tree of one backup point as it was then: open folders, tick entries, restore the selection. */
export function BrowseTab({ backup, path, onPath, onPoint }: Props) {
  const m = backup.backup_metadata;
  const [offset, setOffset] = useState(0);
  const [sort, setSort] = useState<CatalogSort>('name');
  const [filter, setFilter] = useState('');
  const [selection, setSelection] = useState<Selection>(new Set());
  const [restoring, setRestoring] = useState(false);
  const failed = m.result === 'fail';
  const listing = useCatalogListing({ backupId: backup.backup_id, path, offset, sort });
  const open = (p: string) => {
    setOffset(0);
    setFilter('');
    onPath(p);
  };
  if (failed)
    return (
      <div className="state state-error" role="alert">
        This backup failed: it holds nothing to browse or restore.
      </div>
    );
  const reply = listing.data;
  const shown = reply?.kind === 'listing' ? filterEntries(reply.listing.entries, filter) : [];
  const picked = restorePaths(selection);
  return (
    <section aria-label="Browse">
      <div className="toolbar">
        <PointPicker backup={backup} onPick={onPoint} />
        {reply?.kind === 'listing' ? (
          <FilterBox label="Filter this folder" value={filter} onChange={setFilter} />
        ) : null}
        <button
          type="button"
          className="primary"
          disabled={picked.length === 0}
          onClick={() => setRestoring(true)}
        >
          Restore selected ({picked.length})
        </button>
        {picked.length > 0 ? (
          <button type="button" onClick={() => setSelection(new Set())}>
            Clear selection
          </button>
        ) : null}
      </div>
      <FolderCrumbs path={path} root={m.path_to_backup ?? m.backup_name ?? 'root'} onOpen={open} />
      <QueryState isPending={listing.isPending} error={listing.error} hasData={reply !== undefined}>
        {reply?.kind === 'missing' ? (
          <div className="state state-empty" role="note" aria-label="Cannot browse">
            {missingReasonText(reply.missing, path)}
          </div>
        ) : reply ? (
          <>
            <FolderTable
              entries={shown}
              selection={selection}
              sort={sort}
              onSort={(s) => {
                setOffset(0);
                setSort(s);
              }}
              onToggle={setSelection}
              onToggleAll={() =>
                setSelection(
                  toggleAll(
                    selection,
                    shown.map((e) => e.path),
                  ),
                )
              }
              onOpen={open}
            />
            <p className="muted" aria-live="polite">
              {reply.listing.total} entries at {formatEpoch(reply.listing.point.time_stamp)}
              {filter ? `, ${shown.length} shown by the filter` : ''}
            </p>
            {reply.listing.total > LISTING_PAGE_SIZE ? (
              <nav className="pager" aria-label="Folder pages">
                <button
                  type="button"
                  disabled={offset === 0}
                  onClick={() => setOffset(Math.max(0, offset - LISTING_PAGE_SIZE))}
                >
                  ‹ Previous
                </button>
                <span>
                  {offset + 1}–{Math.min(offset + LISTING_PAGE_SIZE, reply.listing.total)} of{' '}
                  {reply.listing.total}
                </span>
                <button
                  type="button"
                  disabled={offset + LISTING_PAGE_SIZE >= reply.listing.total}
                  onClick={() => setOffset(offset + LISTING_PAGE_SIZE)}
                >
                  Next ›
                </button>
              </nav>
            ) : null}
          </>
        ) : null}
      </QueryState>
      {restoring ? (
        <SelectionRestoreDialog
          backupId={backup.backup_id}
          title={`Restore ${picked.length} item(s) of ${m.backup_name ?? backup.backup_id} at ${formatEpoch(m.time_stamp)}`}
          paths={picked}
          onClose={() => setRestoring(false)}
        />
      ) : null}
    </section>
  );
}

import type { CatalogListEntry, CatalogSort } from '@freezer/schema';
import { CheckCell } from '../../../components/check-cell';
import { SortHeader } from '../../../components/sort-header';
import { formatBytes, formatEpoch } from '../../../lib/format';
import { isCoveredByFolder, isFolder, isSelected, toggleSelection, type Selection } from '../api/tree';

interface Props {
  entries: CatalogListEntry[];
  selection: Selection;
  sort: CatalogSort;
  onSort: (s: CatalogSort) => void;
  onToggle: (next: Selection) => void;
  onToggleAll: () => void;
  onOpen: (path: string) => void;
}

const SORTABLE = [
  { key: 'name', header: 'Name' },
  { key: 'size', header: 'Size' },
  { key: 'mtime', header: 'Modified' },
] as const;

/** One folder's entries: a checkbox each, folders open on click, sorted by the API. */
export function FolderTable({ entries, selection, sort, onSort, onToggle, onToggleAll, onOpen }: Props) {
  const allTicked = entries.length > 0 && entries.every((e) => isSelected(selection, e.path));
  return (
    <div className="table-wrap">
      <table className="data-table" aria-label="Folder contents">
        <thead>
          <tr>
            <CheckCell as="th" label="Select all shown" checked={allTicked} onChange={onToggleAll} />
            {SORTABLE.map((c) => (
              <SortHeader
                key={c.key}
                header={c.header}
                dir={sort === c.key ? 'asc' : sort === `-${c.key}` ? 'desc' : null}
                onSort={() => onSort(sort === c.key ? `-${c.key}` : c.key)}
              />
            ))}
            <th scope="col">Type</th>
          </tr>
        </thead>
        <tbody>
          {entries.length === 0 ? (
            <tr>
              <td colSpan={5} className="empty-row">
                Nothing here.
              </td>
            </tr>
          ) : null}
          {entries.map((e) => (
            <tr key={e.path}>
              <CheckCell
                as="td"
                label={`Select ${e.name}`}
                checked={isSelected(selection, e.path)}
                disabled={isCoveredByFolder(selection, e.path)}
                onChange={() => onToggle(toggleSelection(selection, e.path))}
              />
              <td data-label="Name">
                {isFolder(e) ? (
                  // The trailing slash marks a folder in any font (an emoji may have no glyph).
                  <button type="button" className="link-button" onClick={() => onOpen(e.path)}>
                    {e.name}/
                  </button>
                ) : (
                  <span>
                    {e.name}
                    {e.link ? <span className="muted"> → {e.link}</span> : null}
                  </span>
                )}
              </td>
              <td data-label="Size">{isFolder(e) ? '—' : formatBytes(e.size)}</td>
              <td data-label="Modified">{formatEpoch(e.mtime)}</td>
              <td data-label="Type">{e.type}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

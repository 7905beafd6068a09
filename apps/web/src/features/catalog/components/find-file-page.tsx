import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../../components/page-header';
import { QueryState } from '../../../components/query-state';
import { formatEpoch } from '../../../lib/format';
import { useClientOfHost } from '../api/client-of-host';
import { useCatalogSearch } from '../api/search-catalog';
import { FileVersions, type VersionPick } from './file-versions';
import { SelectionRestoreDialog } from './selection-restore-dialog';

/** Search every backup point of the project for a file by name or path; restore any of its versions. */
export function FindFilePage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  const [restore, setRestore] = useState<VersionPick | null>(null);
  const search = useCatalogSearch(q);
  const clientOf = useClientOfHost();
  const result = search.data;
  return (
    <>
      <PageHeader title="Find a file" />
      <form
        className="search-form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setParams(text.trim() ? { q: text.trim() } : {});
        }}
      >
        <input
          type="search"
          aria-label="File name or path"
          placeholder="name, part of a path (with a /) or a glob: report*.pdf, home/**/notes.txt"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="primary">
          Search
        </button>
      </form>
      {q ? (
        <QueryState
          isPending={search.isPending}
          error={search.error}
          hasData={result !== undefined}
          isEmpty={result?.matches.length === 0}
          emptyText={`No file in any backup of this project matches "${q}".`}
        >
          {result ? (
            <>
              <p className="muted" aria-live="polite">
                {result.total} file(s) match{result.truncated ? ' (more matched: narrow the search)' : ''}.
              </p>
              {result.matches.map((match) => (
                <FileVersions
                  key={`${match.hostname}\u0000${match.backup_name}\u0000${match.path}`}
                  match={match}
                  client={clientOf(match.hostname)}
                  onRestore={setRestore}
                />
              ))}
            </>
          ) : null}
        </QueryState>
      ) : (
        <p className="muted">
          Type a file name to see every backed-up version of it, on every client, and restore the one you
          need.
        </p>
      )}
      {restore ? (
        <SelectionRestoreDialog
          backupId={restore.backupId}
          title={`Restore ${restore.path} as of ${formatEpoch(restore.timeStamp)}`}
          paths={[restore.path]}
          onClose={() => setRestore(null)}
        />
      ) : null}
    </>
  );
}

import { Link } from 'react-router';
import type { CatalogSearchMatch } from '@freezer/schema';
import { formatBytes, formatEpoch } from '../../../lib/format';
import { versionTimeline } from '../api/restore-target';
import { parentPath } from '../api/tree';

export interface VersionPick {
  backupId: string;
  path: string;
  timeStamp: number;
}

const CHANGE_TEXT = { first: 'first seen', changed: 'changed', same: 'unchanged' } as const;

/** One file's versions over time, newest first, each restorable. */
export function FileVersions({
  match,
  client,
  onRestore,
}: {
  match: CatalogSearchMatch;
  /** The client that made the backups (the registered client of the match's hostname). */
  client: string;
  onRestore: (pick: VersionPick) => void;
}) {
  const folder = parentPath(match.path);
  return (
    <section className="card file-match" aria-label={`${match.path} on ${match.hostname}`}>
      <h2 className="mono">{match.path}</h2>
      <p className="muted">
        {match.hostname} · backup {match.backup_name} · {match.versions.length} version(s)
      </p>
      <table className="data-table compact" aria-label={`Versions of ${match.path}`}>
        <thead>
          <tr>
            <th scope="col">Point</th>
            <th scope="col">Backed up</th>
            <th scope="col">Size</th>
            <th scope="col">Modified</th>
            <th scope="col">Client</th>
            <th scope="col">Change</th>
            <th scope="col">
              <span className="sr-only">Commands</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {versionTimeline(match.versions).map((v) => (
            <tr key={v.backup_id}>
              <td data-label="Point">
                <Link to={`/backups/${v.backup_id}?tab=browse&path=${encodeURIComponent(folder)}`}>
                  level {v.level}
                </Link>
              </td>
              <td data-label="Backed up">{formatEpoch(v.time_stamp)}</td>
              <td data-label="Size">{v.type === 'dir' ? '—' : formatBytes(v.size)}</td>
              <td data-label="Modified">{formatEpoch(v.mtime)}</td>
              <td data-label="Client">{client}</td>
              <td data-label="Change">{CHANGE_TEXT[v.change]}</td>
              <td>
                <button
                  type="button"
                  aria-label={`Restore the version of ${formatEpoch(v.time_stamp)}`}
                  onClick={() =>
                    onRestore({ backupId: v.backup_id, path: match.path, timeStamp: v.time_stamp })
                  }
                >
                  Restore
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

import { useLiveQuery } from '../../../lib/project-queries';
import { useClients } from '../../clients/api/queries';
import { displayZone } from '../../../lib/display-zone';
import { formatBytes, formatEpoch } from '../../../lib/format';
import type { ActionForm } from '../api/action-form';
import { previewRetention, retentionPoints, retentionPolicy } from '../api/retention-preview';

/**
 * While an admin action is edited: the restore points its policy would delete and the space freed,
 * from the API's backup list and the planner the agent runs (each node's days in its own zone).
 */
export function RetentionPreviewPanel({ form }: { form: ActionForm }) {
  const name = form.text.backup_name?.trim() ?? '';
  const hostname = form.text.hostname?.trim() || undefined;
  const backups = useLiveQuery(
    ['backups', 'retention', name],
    (api) => api.listAllBackups({ match: [{ backup_name: name }] }),
    { enabled: name !== '' },
  );
  const clients = useClients({ limit: -1 });
  const zones = new Map((clients.data ?? []).map((c) => [c.client.hostname, c.client.time_zone]));
  const policy = retentionPolicy(form, Math.floor(Date.now() / 1000), displayZone());
  let body: React.ReactNode;
  if (!name) body = <p className="preview-note">Name the backup to see what this policy would delete.</p>;
  else if (!policy)
    body = <p className="preview-note">Set a cutoff or a keep rule to see what it would delete.</p>;
  else if (backups.error)
    body = <p className="field-error">Could not read the backups: {String(backups.error)}</p>;
  else if (!backups.data) body = <p className="preview-note">Reading the backups…</p>;
  else {
    const points = retentionPoints(backups.data, name, hostname);
    const plan = previewRetention(points, policy, (h) => zones.get(h) ?? undefined);
    const rows = [...plan.remove].sort((a, b) => a.timestamp - b.timestamp || a.level - b.level);
    body = (
      <>
        <p data-testid="retention-summary">
          Would delete {plan.remove.length} of {points.length} restore point(s), freeing{' '}
          {formatBytes(plan.bytesFreed)}; {plan.keep.length} kept.
        </p>
        {rows.length > 0 ? (
          <div className="table-wrap">
            <table className="data-table">
              <caption className="sr-only">Restore points this policy would delete</caption>
              <thead>
                <tr>
                  <th scope="col">Host</th>
                  <th scope="col">Time</th>
                  <th scope="col">Level</th>
                  <th scope="col">Chain (level 0)</th>
                  <th scope="col">Size</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((p) => (
                  <tr key={p.backupId}>
                    <td>{p.hostname}</td>
                    <td>{formatEpoch(p.timestamp)}</td>
                    <td>{p.level}</td>
                    <td>{formatEpoch(p.levelZeroTs)}</td>
                    <td>{formatBytes(p.bytes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </>
    );
  }
  return (
    <fieldset className="retention-preview" data-testid="retention-preview">
      <legend>Retention preview</legend>
      {body}
    </fieldset>
  );
}

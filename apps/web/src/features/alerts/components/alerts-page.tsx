import type { AlertRuleDoc } from '@freezer/schema';
import { useState } from 'react';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { PageHeader } from '../../../components/page-header';
import { useToast } from '../../../components/toasts';
import { errorMessage } from '../../../lib/http';
import {
  useAlertHistory,
  useAlertRules,
  useDeleteAlertRule,
  useFiringAlerts,
  usePatchAlertRule,
} from '../api/queries';
import { firingColumns, historyColumns, ruleColumns } from './alert-columns';
import { ListSection } from './list-section';
import { RuleDialog } from './rule-dialog';

/** Alerts firing now, the rules that raise them, and the history of every alert. */
export function AlertsPage() {
  const firing = useFiringAlerts();
  const rules = useAlertRules();
  const history = useAlertHistory();
  const patch = usePatchAlertRule();
  const remove = useDeleteAlertRule();
  const { notify } = useToast();
  const [editing, setEditing] = useState<AlertRuleDoc | 'new' | null>(null);
  const [deleting, setDeleting] = useState<AlertRuleDoc | null>(null);

  const toggle = (r: AlertRuleDoc) =>
    patch.mutate(
      { ruleId: r.rule_id, patch: { enabled: !r.enabled } },
      { onError: (err) => notify('error', `Could not change ${r.name}: ${errorMessage(err)}`) },
    );

  return (
    <>
      <PageHeader title="Alerts">
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          New rule
        </button>
      </PageHeader>
      <p className="hint">
        The API checks every job's schedule, every client's heartbeat and every run; a rule tells whom to
        notify (webhook, e-mail) when a job is late or failed, a client silent, an RPO breached, a backup
        unverified. Each alert is sent once when it starts and once when it ends.
      </p>
      <ListSection
        title="Firing"
        caption="Firing alerts"
        query={firing}
        emptyText="Nothing is firing."
        columns={firingColumns}
        rowKey={(a) => a.alert_id}
        rowLabel={(a) => a.summary}
      />
      <ListSection
        title="Rules"
        caption="Alert rules"
        query={rules}
        emptyText="No alert rules yet: nobody is told when backups stop."
        columns={ruleColumns}
        rowKey={(r) => r.rule_id}
        rowLabel={(r) => r.name}
        actions={(r) => (
          <>
            <button
              type="button"
              className="link"
              onClick={() => setEditing(r)}
              aria-label={`Edit ${r.name}`}
            >
              Edit
            </button>{' '}
            <button
              type="button"
              className="link"
              onClick={() => toggle(r)}
              aria-label={`Turn ${r.name} ${r.enabled ? 'off' : 'on'}`}
            >
              {r.enabled ? 'Turn off' : 'Turn on'}
            </button>{' '}
            <button
              type="button"
              className="link"
              onClick={() => setDeleting(r)}
              aria-label={`Delete ${r.name}`}
            >
              Delete
            </button>
          </>
        )}
      />
      <ListSection
        title="History"
        caption="Alert history"
        query={history}
        emptyText="No alert so far."
        columns={historyColumns}
        rowKey={(a) => a.alert_id}
        rowLabel={(a) => a.summary}
      />
      {editing ? (
        <RuleDialog {...(editing === 'new' ? {} : { rule: editing })} onClose={() => setEditing(null)} />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title="Delete alert rule"
          message={`Delete "${deleting.name}" with its alerts and queued notifications?`}
          confirmLabel="Delete"
          busy={remove.isPending}
          onConfirm={() =>
            remove.mutate(deleting.rule_id, {
              onSuccess: () => notify('success', `Rule ${deleting.name} deleted`),
              onError: (err) => notify('error', `Could not delete ${deleting.name}: ${errorMessage(err)}`),
              onSettled: () => setDeleting(null),
            })
          }
          onCancel={() => setDeleting(null)}
        />
      ) : null}
    </>
  );
}

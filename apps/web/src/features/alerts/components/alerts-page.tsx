import type { AlertDoc, AlertRuleDoc } from '@freezer/schema';
import { useState } from 'react';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { LinkButton } from '../../../components/link-button';
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

/** Firing and history list the same alert rows. */
const alertRows = {
  rowKey: (a: AlertDoc) => a.alert_id,
  rowLabel: (a: AlertDoc) => a.summary,
};

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
        {...alertRows}
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
            <LinkButton label={`Edit ${r.name}`} onClick={() => setEditing(r)}>
              Edit
            </LinkButton>{' '}
            <LinkButton label={`Turn ${r.name} ${r.enabled ? 'off' : 'on'}`} onClick={() => toggle(r)}>
              {r.enabled ? 'Turn off' : 'Turn on'}
            </LinkButton>{' '}
            <LinkButton label={`Delete ${r.name}`} onClick={() => setDeleting(r)}>
              Delete
            </LinkButton>
          </>
        )}
      />
      <ListSection
        title="History"
        caption="Alert history"
        query={history}
        emptyText="No alert so far."
        columns={historyColumns}
        {...alertRows}
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

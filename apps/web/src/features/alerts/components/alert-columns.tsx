import type { AlertDoc, AlertRuleDoc } from '@freezer/schema';
import type { Column } from '../../../components/data-table';
import { formatEpoch } from '../../../lib/format';

const severity = (s: string) => <span className={`badge badge-severity-${s}`}>{s}</span>;

export const firingColumns: Column<AlertDoc>[] = [
  { key: 'severity', header: 'Severity', render: (a) => severity(a.severity), value: (a) => a.severity },
  { key: 'kind', header: 'Kind', render: (a) => a.kind, value: (a) => a.kind },
  { key: 'summary', header: 'What', render: (a) => a.summary, value: (a) => a.summary },
  { key: 'rule', header: 'Rule', render: (a) => a.rule_name, value: (a) => a.rule_name },
  { key: 'since', header: 'Since', render: (a) => formatEpoch(a.started_at), value: (a) => a.started_at },
];

export const historyColumns: Column<AlertDoc>[] = [
  ...firingColumns,
  {
    key: 'resolved',
    header: 'Resolved',
    render: (a) => (a.resolved_at === null ? 'firing' : formatEpoch(a.resolved_at)),
    value: (a) => a.resolved_at ?? Number.MAX_SAFE_INTEGER,
  },
  { key: 'sent', header: 'Notifications', render: (a) => a.notifications, value: (a) => a.notifications },
];

const routesText = (r: AlertRuleDoc) =>
  r.routes
    .map((x) => (x.type === 'webhook' ? `webhook ${new URL(x.url).host}` : `e-mail ${x.to.join(', ')}`))
    .join('; ') || 'none (shown here only)';

export const ruleColumns: Column<AlertRuleDoc>[] = [
  { key: 'name', header: 'Name', render: (r) => r.name, value: (r) => r.name },
  { key: 'kinds', header: 'Watches', render: (r) => r.kinds.join(', ') },
  { key: 'severity', header: 'Severity', render: (r) => severity(r.severity), value: (r) => r.severity },
  {
    key: 'quiet',
    header: 'Quiet hours',
    render: (r) =>
      r.quiet_hours ? `${r.quiet_hours.start}–${r.quiet_hours.end} ${r.quiet_hours.time_zone}` : '—',
  },
  { key: 'routes', header: 'Sends to', render: routesText },
  {
    key: 'enabled',
    header: 'State',
    render: (r) => (r.enabled ? 'on' : 'off'),
    value: (r) => (r.enabled ? 1 : 0),
  },
];

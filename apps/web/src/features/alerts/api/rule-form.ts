import {
  type AlertRoute,
  ALERT_KINDS,
  ALERT_SEVERITIES,
  AlertRuleCreate,
  type AlertKind,
  type AlertRuleDoc,
  type AlertSeverity,
  type WebhookFormat,
} from '@freezer/schema';

/** What the rule editor holds: text fields as typed, turned into an AlertRuleCreate on save. */
export interface RuleForm {
  name: string;
  kinds: AlertKind[];
  severity: AlertSeverity;
  clientIds: string;
  jobIds: string;
  graceSeconds: string;
  staleAfterSeconds: string;
  repeatSeconds: string;
  quietStart: string;
  quietEnd: string;
  quietZone: string;
  webhookUrl: string;
  webhookFormat: WebhookFormat;
  emails: string;
  /** Routes beyond the first webhook and the first e-mail (made through the API): kept as they are. */
  otherRoutes: AlertRoute[];
}

export const KIND_LABELS: Record<AlertKind, string> = {
  job_late: 'Job late (no start within its slot plus the grace)',
  job_failed: 'Job failed',
  client_stale: 'Client stale (no heartbeat)',
  rpo_breach: 'RPO breached (last good backup too old)',
  never_verified: 'Never verified by a restore drill',
  drill_failed: 'Last restore drill failed',
};

export { ALERT_KINDS, ALERT_SEVERITIES };

export function emptyRuleForm(zone: string): RuleForm {
  return {
    name: '',
    kinds: ['job_late', 'job_failed'],
    severity: 'warning',
    clientIds: '',
    jobIds: '',
    graceSeconds: '300',
    staleAfterSeconds: '600',
    repeatSeconds: '0',
    quietStart: '',
    quietEnd: '',
    quietZone: zone,
    webhookUrl: '',
    webhookFormat: 'json',
    emails: '',
    otherRoutes: [],
  };
}

const list = (text: string): string[] =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** The form of an existing rule: its first webhook and first e-mail are edited, other routes kept. */
export function ruleToForm(rule: AlertRuleDoc): RuleForm {
  const hook = rule.routes.find((r) => r.type === 'webhook');
  const mail = rule.routes.find((r) => r.type === 'email');
  return {
    name: rule.name,
    kinds: rule.kinds,
    severity: rule.severity,
    clientIds: (rule.selector.client_ids ?? []).join(', '),
    jobIds: (rule.selector.job_ids ?? []).join(', '),
    graceSeconds: String(rule.grace_seconds),
    staleAfterSeconds: String(rule.stale_after_seconds),
    repeatSeconds: String(rule.repeat_seconds),
    quietStart: rule.quiet_hours?.start ?? '',
    quietEnd: rule.quiet_hours?.end ?? '',
    quietZone: rule.quiet_hours?.time_zone ?? 'UTC',
    webhookUrl: hook?.type === 'webhook' ? hook.url : '',
    webhookFormat: hook?.type === 'webhook' ? (hook.format ?? 'json') : 'json',
    emails: mail?.type === 'email' ? mail.to.join(', ') : '',
    otherRoutes: rule.routes.filter((r) => r !== hook && r !== mail),
  };
}

const num = (s: string): number | string => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : s);

/** The request body the form stands for (validated with the API's own schema, not a copy). */
export function formToRule(f: RuleForm): unknown {
  const routes: unknown[] = [];
  if (f.webhookUrl.trim())
    routes.push({ type: 'webhook', url: f.webhookUrl.trim(), format: f.webhookFormat });
  if (f.emails.trim()) routes.push({ type: 'email', to: list(f.emails) });
  routes.push(...f.otherRoutes);
  const quiet = f.quietStart || f.quietEnd;
  return {
    name: f.name,
    kinds: f.kinds,
    severity: f.severity,
    selector: {
      ...(list(f.clientIds).length ? { client_ids: list(f.clientIds) } : {}),
      ...(list(f.jobIds).length ? { job_ids: list(f.jobIds) } : {}),
    },
    grace_seconds: num(f.graceSeconds),
    stale_after_seconds: num(f.staleAfterSeconds),
    repeat_seconds: num(f.repeatSeconds),
    quiet_hours: quiet ? { start: f.quietStart, end: f.quietEnd, time_zone: f.quietZone } : null,
    routes,
  };
}

const FIELD_OF: Record<string, keyof RuleForm> = {
  name: 'name',
  kinds: 'kinds',
  selector: 'clientIds',
  grace_seconds: 'graceSeconds',
  stale_after_seconds: 'staleAfterSeconds',
  repeat_seconds: 'repeatSeconds',
  quiet_hours: 'quietStart',
  routes: 'webhookUrl',
};

/** Checks the form against AlertRuleCreate; errors keyed by form field, one message each. */
export function validateRuleForm(
  f: RuleForm,
): { ok: true; rule: AlertRuleCreate } | { ok: false; errors: Partial<Record<keyof RuleForm, string>> } {
  const parsed = AlertRuleCreate.safeParse(formToRule(f));
  if (parsed.success) return { ok: true, rule: parsed.data };
  const errors: Partial<Record<keyof RuleForm, string>> = {};
  for (const issue of parsed.error.issues) {
    const top = String(issue.path[0] ?? 'name');
    const field = top === 'routes' && issue.path.includes('to') ? 'emails' : (FIELD_OF[top] ?? 'name');
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}

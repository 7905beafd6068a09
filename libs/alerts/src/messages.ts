import type { AlertDoc, AlertEvent, WebhookFormat } from '@freezer/schema';

/** One notification: an alert and why it is sent now. */
export interface Notification {
  event: AlertEvent;
  alert: AlertDoc;
}

const HEADLINE: Record<AlertEvent, string> = {
  firing: 'FIRING',
  repeat: 'STILL FIRING',
  resolved: 'RESOLVED',
};

/** The one line every channel starts with. */
export function headline(n: Notification): string {
  const a = n.alert;
  return `[${HEADLINE[n.event]}] [${a.severity}] ${a.kind} in project ${a.project_id}: ${a.summary}`;
}

function details(n: Notification): string[] {
  const a = n.alert;
  const at = (s: number) => new Date(s * 1000).toISOString();
  const lines = [
    `rule: ${a.rule_name} (${a.rule_id})`,
    `${a.subject_type}: ${a.subject_id}`,
    `since: ${at(a.started_at)}`,
  ];
  if (a.resolved_at !== null) lines.push(`resolved: ${at(a.resolved_at)}`);
  lines.push(`alert: ${a.alert_id}`);
  return lines;
}

/** A webhook's JSON body: ours (`json`) or Slack/Mattermost's incoming-webhook `{text}`. */
export function webhookBody(format: WebhookFormat | undefined, n: Notification): unknown {
  const text = headline(n);
  if (format === 'slack') return { text };
  return { event: n.event, text, alert: n.alert };
}

export interface EmailMessage {
  subject: string;
  text: string;
}

export function emailMessage(n: Notification): EmailMessage {
  const subject = headline(n)
    .replace(/[\r\n]+/g, ' ')
    .slice(0, 250);
  return { subject, text: [headline(n), '', ...details(n), ''].join('\n') };
}

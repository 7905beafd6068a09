import { z } from 'zod';
import { clientIdString, idString, int } from './common.js';
import { isTimeZone } from './time-zone.js';
import {
  ALERT_EVENTS,
  ALERT_KINDS,
  ALERT_SEVERITIES,
  ALERT_STATES,
  DELIVERY_STATES,
  WEBHOOK_FORMATS,
} from './vocabulary.js';

export const AlertKind = z.enum(ALERT_KINDS);
export const AlertSeverity = z.enum(ALERT_SEVERITIES);
export type AlertKind = z.infer<typeof AlertKind>;
export type AlertSeverity = z.infer<typeof AlertSeverity>;

const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a time of day HH:MM (00:00-23:59)' });

/** Notifications wait while the clock in `time_zone` is between `start` and `end` (may wrap midnight). */
export const QuietHours = z.strictObject({
  start: clockTime,
  end: clockTime,
  time_zone: z
    .string()
    .refine(isTimeZone, { message: 'must be an IANA time zone such as "Europe/Paris" or "UTC"' }),
});
export type QuietHours = z.infer<typeof QuietHours>;

/** Which jobs and clients a rule watches: empty or absent lists mean all of the project's. */
export const AlertSelector = z.strictObject({
  job_ids: z.array(idString).max(1000).optional(),
  client_ids: z.array(clientIdString).max(1000).optional(),
});
export type AlertSelector = z.infer<typeof AlertSelector>;

const httpUrl = z
  .string()
  .max(2000)
  .refine(
    (v) => {
      try {
        const u = new URL(v);
        return u.protocol === 'http:' || u.protocol === 'https:';
      } catch {
        return false;
      }
    },
    { message: 'must be an http:// or https:// URL' },
  );

export const WebhookRoute = z.strictObject({
  type: z.literal('webhook'),
  url: httpUrl,
  /** `json` (default): the alert document; `slack`: `{"text": …}` for Slack/Mattermost hooks. */
  format: z.enum(WEBHOOK_FORMATS).optional(),
});
export const EmailRoute = z.strictObject({
  type: z.literal('email'),
  to: z
    .array(z.email({ message: 'must be an e-mail address' }))
    .min(1)
    .max(50),
});
export const AlertRoute = z.discriminatedUnion('type', [WebhookRoute, EmailRoute]);
export type AlertRoute = z.infer<typeof AlertRoute>;

const seconds = (max: number) => int.min(0).max(max);
const DAY = 86_400;

const ruleFields = {
  name: z.string().trim().min(1).max(200),
  kinds: z.array(AlertKind).min(1).max(ALERT_KINDS.length),
  selector: AlertSelector.optional(),
  severity: AlertSeverity.optional(),
  quiet_hours: QuietHours.nullable().optional(),
  /** While an alert keeps firing, remind every this many seconds (0 or absent: never). */
  repeat_seconds: seconds(30 * DAY).optional(),
  /** A job is late when it has not started this long after its expected slot (default 300). */
  grace_seconds: seconds(7 * DAY).optional(),
  /** A client is stale when its last heartbeat is older than this (default 600). */
  stale_after_seconds: seconds(30 * DAY).optional(),
  routes: z.array(AlertRoute).max(20).optional(),
  enabled: z.boolean().optional(),
};

/** POST /alerts/rules. */
export const AlertRuleCreate = z.strictObject(ruleFields);
export type AlertRuleCreate = z.infer<typeof AlertRuleCreate>;

/** PATCH /alerts/rules/{id}: any subset; `quiet_hours: null` removes them. */
export const AlertRulePatch = z.strictObject({
  ...ruleFields,
  name: ruleFields.name.optional(),
  kinds: ruleFields.kinds.optional(),
});
export type AlertRulePatch = z.infer<typeof AlertRulePatch>;

export const AlertRuleDoc = z.object({
  rule_id: z.string(),
  project_id: z.string(),
  user_id: z.string(),
  name: z.string(),
  kinds: z.array(AlertKind),
  selector: AlertSelector,
  severity: AlertSeverity,
  quiet_hours: QuietHours.nullable(),
  repeat_seconds: int,
  grace_seconds: int,
  stale_after_seconds: int,
  routes: z.array(AlertRoute),
  enabled: z.boolean(),
  created_at: int,
  updated_at: int,
});
export type AlertRuleDoc = z.infer<typeof AlertRuleDoc>;

export const ALERT_RULE_DEFAULTS = {
  severity: 'warning',
  repeat_seconds: 0,
  grace_seconds: 300,
  stale_after_seconds: 600,
} as const;

/** One episode of a condition of one rule on one job or client, from its start to its resolution. */
export const AlertDoc = z.object({
  alert_id: z.string(),
  project_id: z.string(),
  rule_id: z.string(),
  rule_name: z.string(),
  kind: AlertKind,
  severity: AlertSeverity,
  subject_type: z.enum(['job', 'client']),
  subject_id: z.string(),
  summary: z.string(),
  state: z.enum(ALERT_STATES),
  started_at: int,
  resolved_at: int.nullable(),
  /** Notifications queued for this alert (first, reminders and resolution), over all routes. */
  notifications: int,
});
export type AlertDoc = z.infer<typeof AlertDoc>;

/** One notification of one alert to one route, as the outbox keeps it. */
export const AlertDeliveryDoc = z.object({
  delivery_id: z.string(),
  alert_id: z.string(),
  event: z.enum(ALERT_EVENTS),
  route: AlertRoute,
  state: z.enum(DELIVERY_STATES),
  attempts: int,
  next_attempt_at: int,
  last_error: z.string().nullable(),
  created_at: int,
  sent_at: int.nullable(),
});
export type AlertDeliveryDoc = z.infer<typeof AlertDeliveryDoc>;

import type { AlertChanges, OpenAlertRow } from '@freezer/store';
import type { Finding } from './findings.js';

/** An alert of the rule that is firing now, as stored. */
export type OpenAlert = OpenAlertRow;

/** What to change: conditions to open as alerts, alerts to resolve, alerts to remind of. */
export type AlertPlan = AlertChanges;

/**
 * Compares what holds now with what is firing. One alert per fingerprint: a condition that keeps
 * holding is never announced twice (only reminded after `repeatSeconds`, when that is above 0).
 */
export function reconcile(
  findings: readonly Finding[],
  open: readonly OpenAlert[],
  repeatSeconds: number,
  now: number,
): AlertPlan {
  const holding = new Set(findings.map((f) => f.fingerprint));
  const firing = new Map(open.map((a) => [a.fingerprint, a]));
  const plan: AlertPlan = { open: [], resolve: [], remind: [] };
  const seen = new Set<string>();
  for (const f of findings) {
    if (seen.has(f.fingerprint)) continue;
    seen.add(f.fingerprint);
    const alert = firing.get(f.fingerprint);
    if (!alert) plan.open.push(f);
    else if (repeatSeconds > 0 && now - alert.lastNotifiedAt >= repeatSeconds)
      plan.remind.push(alert.alertId);
  }
  for (const a of open) if (!holding.has(a.fingerprint)) plan.resolve.push(a.alertId);
  return plan;
}

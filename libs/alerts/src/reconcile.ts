import type { Finding } from './findings.js';

/** An alert of the rule that is firing now, as stored. */
export interface OpenAlert {
  alertId: string;
  fingerprint: string;
  /** Epoch seconds of the last notification queued for it (first or reminder). */
  lastNotifiedAt: number;
}

export interface AlertPlan {
  /** Conditions with no firing alert yet: a new alert each, announced once. */
  open: Finding[];
  /** Firing alerts whose condition no longer holds: resolved, and the resolution sent. */
  resolve: string[];
  /** Firing alerts due for a reminder (the rule's repeat interval has passed). */
  remind: string[];
}

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

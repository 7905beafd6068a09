import { type DrillSource, evaluateRule, reconcile } from '@freezer/alerts';
import type { AlertRuleDoc } from '@freezer/schema';
import type { Store } from '@freezer/store';

export interface CycleResult {
  /** False when another replica held the evaluator lock (PostgreSQL) and this one skipped. */
  ran: boolean;
  rules: number;
  opened: number;
  resolved: number;
}

/**
 * One freshness evaluation: every enabled rule against its project's jobs, runs, heartbeats and
 * drills, its alerts opened, reminded or resolved, their notifications queued in the outbox.
 */
export async function evaluateOnce(store: Store, drills: DrillSource): Promise<CycleResult> {
  const rules = await store.alertRules.enabled();
  const byProject = new Map<string, AlertRuleDoc[]>();
  for (const r of rules) byProject.set(r.project_id, [...(byProject.get(r.project_id) ?? []), r]);
  const outcome = await store.alerts.exclusive(async (db) => {
    const now = store.ctx.now();
    let opened = 0;
    let resolved = 0;
    for (const [projectId, projectRules] of byProject) {
      const [facts, lastDrills] = await Promise.all([
        store.freshness.project(projectId, db),
        drills.lastDrills(projectId),
      ]);
      const project = { projectId, ...facts, drills: lastDrills };
      for (const rule of projectRules) {
        const findings = evaluateRule(rule, project, now);
        const plan = reconcile(
          findings,
          await store.alerts.openOf(db, rule.rule_id),
          rule.repeat_seconds,
          now,
        );
        if (plan.open.length + plan.resolve.length + plan.remind.length > 0)
          await store.alerts.apply(db, rule, plan);
        opened += plan.open.length;
        resolved += plan.resolve.length;
      }
    }
    return { opened, resolved };
  });
  return outcome
    ? { ran: true, rules: rules.length, ...outcome }
    : { ran: false, rules: rules.length, opened: 0, resolved: 0 };
}

import type { JobAction } from '@freezer/schema';
import { type Scope, newId } from '../context.js';
import type { Db } from '../db.js';
import { type ActionsRepo, buildActionDoc, sameFreezerAction } from '../repos/actions.js';

/** `action_defaults`: each key fills every freezer_action that lacks it (or has it null). */
export function applyActionDefaults(
  jobActions: JobAction[],
  defaults: Record<string, unknown> | undefined,
): JobAction[] {
  if (!defaults) return jobActions;
  return jobActions.map((ja) => {
    const fa: Record<string, unknown> = { ...ja.freezer_action };
    for (const [k, v] of Object.entries(defaults)) if (fa[k] === undefined || fa[k] === null) fa[k] = v;
    return { ...ja, freezer_action: fa };
  });
}

/**
 * Every job action is also an action document (stock behaviour). Ids are stamped into the job's
 * copy. An existing action with the same content is left alone; one with different content is
 * updated to the job's content (the stock API answered a confusing 400 there).
 * Must run inside the caller's transaction.
 */
export async function syncJobActions(
  db: Db,
  actions: ActionsRepo,
  scope: Scope,
  jobActions: JobAction[],
): Promise<JobAction[]> {
  const out: JobAction[] = [];
  for (const ja of jobActions) {
    const stamped: JobAction = {
      ...ja,
      user_id: scope.userId,
      project_id: scope.projectId,
      action_id: ja.action_id ?? newId(),
    };
    const id = stamped.action_id as string;
    const existing = await actions.getIn(db, scope, id);
    if (!existing) {
      await actions.insertIn(db, scope, buildActionDoc(scope, id, stamped));
    } else if (!sameFreezerAction(existing.doc.freezer_action, stamped.freezer_action)) {
      await actions.replaceIn(db, scope, id, {
        freezer_action: stamped.freezer_action,
        max_retries: stamped.max_retries ?? existing.doc.max_retries,
        max_retries_interval: stamped.max_retries_interval ?? existing.doc.max_retries_interval,
        mandatory: stamped.mandatory ?? existing.doc.mandatory,
      });
    }
    out.push(stamped);
  }
  return out;
}

import type { JobAction } from '@freezer/schema';
import { type Scope, newId } from '../context.js';
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
export function syncJobActions(actions: ActionsRepo, scope: Scope, jobActions: JobAction[]): JobAction[] {
  return jobActions.map((ja) => {
    const stamped: JobAction = {
      ...ja,
      user_id: scope.userId,
      project_id: scope.projectId,
      action_id: ja.action_id ?? newId(),
    };
    const id = stamped.action_id as string;
    const existing = actions.getSync(scope, id);
    if (!existing) {
      actions.insertSync(scope, buildActionDoc(scope, id, stamped));
    } else if (!sameFreezerAction(existing.doc.freezer_action, stamped.freezer_action)) {
      actions.replaceSync(scope, id, {
        freezer_action: stamped.freezer_action,
        max_retries: stamped.max_retries ?? existing.doc.max_retries,
        max_retries_interval: stamped.max_retries_interval ?? existing.doc.max_retries_interval,
        mandatory: stamped.mandatory ?? existing.doc.mandatory,
      });
    }
    return stamped;
  });
}

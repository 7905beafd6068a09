import type { NewJob } from '@freezer/api-client';
import { emptyActionForm, sameBackupAs, toJobAction, type ActionForm } from '../../actions/api/action-form';
import type { IntervalUnit } from '../../jobs/api/schedule';

/**
 * "Verify by restore" on a backup job: a second job, on the same node, with one `drill` action naming
 * the same backup, its own interval, and `verifies_job_id` pointing back so its drills count for the
 * backup job. A separate job keeps the drill's schedule, retries and failures apart from the backups'.
 */
export interface VerifyForm {
  enabled: boolean;
  every: string;
  unit: IntervalUnit;
  probe: string;
}

export const emptyVerifyForm: VerifyForm = { enabled: false, every: '1', unit: 'days', probe: '' };

export function validateVerify(v: VerifyForm, actions: ActionForm[]): Record<string, string> {
  if (!v.enabled) return {};
  const e: Record<string, string> = {};
  if (!/^\d+$/.test(v.every.trim()) || Number(v.every) < 1) e.every = 'Drill every N: a whole number ≥ 1.';
  if (!actions.some((a) => a.action === 'backup'))
    e.every = 'Verify by restore needs a backup action to drill.';
  return e;
}

/** The drill job for a backup job just saved; undefined when the box is not ticked or nothing is backed up. */
export function drillJobFor(
  backupJobId: string,
  job: { clientId: string; description: string; actions: ActionForm[] },
  verify: VerifyForm,
): NewJob | undefined {
  const backup = job.actions.find((a) => a.action === 'backup');
  if (!verify.enabled || !backup) return undefined;
  // A failed drill is a finding, not a hiccup: it is reported at once, not retried.
  const form = sameBackupAs({ ...emptyActionForm(), action: 'drill', maxRetries: '0' }, backup);
  const drill = toJobAction(form);
  if (verify.probe.trim()) drill.freezer_action.drill_probe = verify.probe.trim();
  return {
    client_id: job.clientId.trim(),
    description: `verify ${job.description.trim() || backupJobId}`,
    verifies_job_id: backupJobId,
    job_schedule: { schedule_interval: `${Number(verify.every)} ${verify.unit}` },
    job_actions: [drill],
  };
}

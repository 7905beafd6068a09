import { useState } from 'react';
import { JobReview } from './job-review';
import { Field } from '../../../components/field';
import {
  emptyActionForm,
  READS_A_BACKUP,
  sameBackupAs,
  toJobAction,
  validateAction,
  type ActionErrors,
  type ActionForm,
} from '../../actions/api/action-form';
import { ActionEditor } from '../../actions/components/action-editor';
import { toJobSchedule, validateSchedule, type ScheduleForm } from '../api/schedule';
import type { NewJob } from '@freezer/api-client';
import { ScheduleEditor } from './schedule-editor';
import { validateVerify, type VerifyForm } from '../../drills/api/drill-job';
import { VerifyEditor } from '../../drills/components/verify-editor';
import { TargetInputs } from '../../drills/components/target-inputs';
import { targetErrors, targetsOf, type TargetsForm } from '../../drills/api/targets';
import { TextField } from '../../../components/text-field';

export interface WizardValues {
  clientId: string;
  description: string;
  schedule: ScheduleForm;
  actions: ActionForm[];
  /** False creates the job stopped: the node holds it until an operator starts it. */
  startNow: boolean;
  /** RPO (hours) and RTO (minutes) targets; '' = none. */
  targets: TargetsForm;
  /** "Verify by restore": a drill job made beside this one when saved. */
  verify: VerifyForm;
}

interface JobWizardFormProps {
  initial: WizardValues;
  clients: string[];
  submitLabel: string;
  /** Only new jobs offer "start right away"; an edit keeps the job's run state. */
  offerHold?: boolean;
  busy?: boolean;
  /** The job to save, and the values it came from (the page makes the drill job from them). */
  onSubmit: (job: NewJob, values: WizardValues) => void;
  onCancel: () => void;
}

const STEPS = ['Details', 'Schedule', 'Actions', 'Review'] as const;
// The stock API's client_id rule: optional "<project>_" prefix, then a host name.
const CLIENT_RE = /^[\w.-]+$/;

function detailErrors(v: WizardValues): Record<string, string> {
  const e: Record<string, string> = {};
  if (!v.clientId.trim()) e.clientId = 'Choose the client that runs this job.';
  else if (!CLIENT_RE.test(v.clientId.trim()))
    e.clientId = 'A client id has letters, digits, "_", "-" and "." only.';
  if (v.description.length > 255) e.description = 'Keep the name under 256 characters.';
  return { ...e, ...targetErrors(v.targets) };
}

export function buildJob(v: WizardValues): NewJob {
  const schedule = toJobSchedule(v.schedule);
  return {
    client_id: v.clientId.trim(),
    description: v.description.trim(),
    job_schedule: v.startNow ? schedule : { ...schedule, status: 'stop' },
    job_actions: v.actions.map(toJobAction),
    ...targetsOf(v.targets),
  };
}

/** The create/edit wizard; it validates each step before moving on and shows errors at the fields. */
export function JobWizardForm({
  initial,
  clients,
  submitLabel,
  offerHold,
  busy,
  onSubmit,
  onCancel,
}: JobWizardFormProps) {
  const [values, setValues] = useState<WizardValues>(initial);
  const [step, setStep] = useState(0);
  const [shown, setShown] = useState<Set<number>>(new Set());

  const details = detailErrors(values);
  const schedule = validateSchedule(values.schedule);
  const actionErrors: ActionErrors[] = values.actions.map(validateAction);
  const verifyErrors = validateVerify(values.verify, values.actions);
  const actionsInvalid =
    values.actions.length === 0 ||
    actionErrors.some((e) => Object.keys(e).length > 0) ||
    Object.keys(verifyErrors).length > 0;
  const stepInvalid = [
    Object.keys(details).length > 0,
    Object.keys(schedule).length > 0,
    actionsInvalid,
    false,
  ];
  const show = shown.has(step);

  const next = () => {
    if (stepInvalid[step]) {
      setShown((s) => new Set(s).add(step));
      return;
    }
    setStep((s) => Math.min(s + 1, STEPS.length - 1));
  };
  const setAction = (i: number, a: ActionForm) =>
    setValues((v) => ({ ...v, actions: v.actions.map((x, j) => (j === i ? a : x)) }));
  const move = (i: number, d: -1 | 1) =>
    setValues((v) => {
      const list = [...v.actions];
      const [item] = list.splice(i, 1);
      if (item) list.splice(i + d, 0, item);
      return { ...v, actions: list };
    });

  return (
    <form
      className="wizard"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (step < STEPS.length - 1) next();
        else if (!stepInvalid.some(Boolean)) onSubmit(buildJob(values), values);
      }}
    >
      <ol className="wizard-steps">
        {STEPS.map((s, i) => (
          <li key={s} aria-current={i === step ? 'step' : undefined}>
            {i + 1}. {s}
          </li>
        ))}
      </ol>

      {step === 0 ? (
        <div className="form-grid">
          <Field
            label="Client"
            error={show ? details.clientId : undefined}
            hint="The scheduler node that runs the job."
          >
            {(p) => (
              <>
                <input
                  {...p}
                  list="wizard-clients"
                  value={values.clientId}
                  onChange={(e) => setValues({ ...values, clientId: e.target.value })}
                />
                <datalist id="wizard-clients">
                  {clients.map((c) => (
                    <option key={c} value={c} />
                  ))}
                </datalist>
              </>
            )}
          </Field>
          <TextField
            label="Job name"
            error={show ? details.description : undefined}
            value={values.description}
            onChange={(description) => setValues({ ...values, description })}
          />
          <TargetInputs
            value={values.targets}
            onChange={(targets) => setValues({ ...values, targets })}
            errors={show ? details : {}}
          />
          {offerHold ? (
            <label className="field field-check">
              <input
                type="checkbox"
                checked={values.startNow}
                onChange={(e) => setValues({ ...values, startNow: e.target.checked })}
              />
              Start right away (otherwise the job waits, stopped, until you start it)
            </label>
          ) : null}
        </div>
      ) : null}

      {step === 1 ? (
        <ScheduleEditor
          value={values.schedule}
          onChange={(s) => setValues({ ...values, schedule: s })}
          errors={show ? schedule : {}}
        />
      ) : null}

      {step === 2 ? (
        <div>
          {values.actions.length === 0 && show ? (
            <p className="field-error" role="alert">
              Add at least one action.
            </p>
          ) : null}
          {values.actions.map((a, i) => (
            <fieldset key={i} className="action-item" aria-label={`Action ${i + 1}`}>
              <header>
                <strong>
                  Action {i + 1}: {a.action}
                </strong>
                <span className="page-actions">
                  <button
                    type="button"
                    aria-label={`Move action ${i + 1} up`}
                    disabled={i === 0}
                    onClick={() => move(i, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    aria-label={`Move action ${i + 1} down`}
                    disabled={i === values.actions.length - 1}
                    onClick={() => move(i, 1)}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    aria-label={`Remove action ${i + 1}`}
                    onClick={() => setValues((v) => ({ ...v, actions: v.actions.filter((_, j) => j !== i) }))}
                  >
                    Remove
                  </button>
                </span>
              </header>
              <div className="action-body">
                {READS_A_BACKUP.has(a.action)
                  ? values.actions.map((src, j) =>
                      src.action === 'backup' && j !== i ? (
                        <button
                          key={j}
                          type="button"
                          className="link"
                          onClick={() => setAction(i, sameBackupAs(a, src))}
                        >
                          Same backup as action {j + 1} ({src.text.backup_name || 'unnamed'} in{' '}
                          {src.text.container || 'no container'})
                        </button>
                      ) : null,
                    )
                  : null}
                <ActionEditor
                  value={a}
                  onChange={(n) => setAction(i, n)}
                  errors={show ? actionErrors[i] : {}}
                />
              </div>
            </fieldset>
          ))}
          <button
            type="button"
            onClick={() => setValues((v) => ({ ...v, actions: [...v.actions, emptyActionForm()] }))}
          >
            + Add action
          </button>
          <VerifyEditor
            value={values.verify}
            onChange={(verify) => setValues({ ...values, verify })}
            errors={show ? verifyErrors : {}}
          />
        </div>
      ) : null}

      {step === 3 ? <JobReview job={buildJob(values)} /> : null}

      <div className="wizard-nav">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <span className="page-actions">
          {step > 0 ? (
            <button type="button" onClick={() => setStep((s) => s - 1)}>
              ‹ Back
            </button>
          ) : null}
          {step < STEPS.length - 1 ? (
            <button type="submit" className="primary">
              Next ›
            </button>
          ) : (
            <button type="submit" className="primary" disabled={busy}>
              {submitLabel}
            </button>
          )}
        </span>
      </div>
    </form>
  );
}

import type { AlertRuleDoc } from '@freezer/schema';
import { useState } from 'react';
import { Field } from '../../../components/field';
import { SelectField } from '../../../components/select-field';
import { TextField } from '../../../components/text-field';
import { SubmitDialog } from '../../../components/submit-dialog';
import { useCheckedSubmit } from '../../../components/use-checked-submit';
import { displayZone } from '../../../lib/display-zone';
import { errorMessage } from '../../../lib/http';
import { useCreateAlertRule, usePatchAlertRule } from '../api/queries';
import {
  ALERT_KINDS,
  ALERT_SEVERITIES,
  KIND_LABELS,
  type RuleForm,
  emptyRuleForm,
  ruleToForm,
  validateRuleForm,
} from '../api/rule-form';

/** Creates a rule, or edits `rule`; the API's own schema checks the form before it is sent. */
export function RuleDialog({ rule, onClose }: { rule?: AlertRuleDoc; onClose: () => void }) {
  const [form, setForm] = useState<RuleForm>(() => (rule ? ruleToForm(rule) : emptyRuleForm(displayZone())));
  const create = useCreateAlertRule();
  const patch = usePatchAlertRule();
  const busy = create.isPending || patch.isPending;
  const failure = create.error ?? patch.error;
  const checked = validateRuleForm(form);
  const { showErrors, submit } = useCheckedSubmit(checked.ok, () => {
    if (!checked.ok) return;
    if (rule) patch.mutate({ ruleId: rule.rule_id, patch: checked.rule }, { onSuccess: onClose });
    else create.mutate(checked.rule, { onSuccess: onClose });
  });
  const errors = showErrors && !checked.ok ? checked.errors : {};
  const set = (p: Partial<RuleForm>) => setForm((f) => ({ ...f, ...p }));

  const text = (label: string, k: keyof RuleForm, hint?: string, placeholder?: string) => (
    <TextField
      label={label}
      error={errors[k]}
      hint={hint}
      placeholder={placeholder}
      value={String(form[k])}
      onChange={(v) => set({ [k]: v } as Partial<RuleForm>)}
    />
  );

  return (
    <SubmitDialog
      title={rule ? `Edit alert rule "${rule.name}"` : 'New alert rule'}
      onClose={onClose}
      submitLabel={rule ? 'Save rule' : 'Create rule'}
      busy={busy}
      onSubmit={submit}
      asForm
    >
      {text('Name', 'name')}
      <fieldset className="field">
        <legend>Watch for</legend>
        {ALERT_KINDS.map((k) => (
          <label key={k} className="check">
            <input
              type="checkbox"
              checked={form.kinds.includes(k)}
              onChange={(e) =>
                set({ kinds: e.target.checked ? [...form.kinds, k] : form.kinds.filter((x) => x !== k) })
              }
            />{' '}
            {KIND_LABELS[k]}
          </label>
        ))}
        {errors.kinds ? <span className="field-error">{errors.kinds}</span> : null}
      </fieldset>
      <SelectField
        label="Severity"
        value={form.severity}
        options={ALERT_SEVERITIES}
        onChange={(severity) => set({ severity })}
      />
      {text('Clients', 'clientIds', 'Client ids, comma-separated; empty: every client of the project.')}
      {text('Jobs', 'jobIds', 'Job ids, comma-separated; empty: every job of the selected clients.')}
      {text('Grace (s)', 'graceSeconds', 'A job is late this long after its expected start.')}
      {text('Stale after (s)', 'staleAfterSeconds', 'A client is stale when silent this long.')}
      {text('Repeat every (s)', 'repeatSeconds', 'Remind while still firing; 0: never.')}
      {text('Quiet from', 'quietStart', 'HH:MM; notifications wait until the end.', '22:00')}
      {text('Quiet until', 'quietEnd', undefined, '07:00')}
      {text('Quiet hours zone', 'quietZone')}
      {text('Webhook URL', 'webhookUrl', 'Receives a JSON document (or {"text"} for Slack/Mattermost).')}
      <Field label="Webhook format">
        {(p) => (
          <select
            {...p}
            value={form.webhookFormat}
            onChange={(e) => set({ webhookFormat: e.target.value as RuleForm['webhookFormat'] })}
          >
            <option value="json">JSON document</option>
            <option value="slack">Slack / Mattermost</option>
          </select>
        )}
      </Field>
      {text('E-mail to', 'emails', 'Addresses, comma-separated (through the server’s SMTP relay).')}
      {failure ? (
        <p className="field-error" role="alert">
          {errorMessage(failure)}
        </p>
      ) : null}
    </SubmitDialog>
  );
}

import type { AlertRuleDoc } from '@freezer/schema';
import { describe, expect, it } from 'vitest';
import { emptyRuleForm, ruleToForm, validateRuleForm } from './rule-form';

describe('alert rule form', () => {
  it('turns the form into the API body, with routes and quiet hours', () => {
    const form = {
      ...emptyRuleForm('Europe/Paris'),
      name: 'night watch',
      clientIds: 'node1, node2',
      quietStart: '22:00',
      quietEnd: '07:00',
      webhookUrl: 'http://127.0.0.1:9/hook',
      webhookFormat: 'slack' as const,
      emails: 'a@example.test, b@example.test',
    };
    const checked = validateRuleForm(form);
    expect(checked).toMatchObject({
      ok: true,
      rule: {
        name: 'night watch',
        selector: { client_ids: ['node1', 'node2'] },
        quiet_hours: { start: '22:00', end: '07:00', time_zone: 'Europe/Paris' },
        routes: [
          { type: 'webhook', url: 'http://127.0.0.1:9/hook', format: 'slack' },
          { type: 'email', to: ['a@example.test', 'b@example.test'] },
        ],
      },
    });
  });

  it('puts each error under its field', () => {
    const checked = validateRuleForm({
      ...emptyRuleForm('UTC'),
      name: ' ',
      kinds: [],
      graceSeconds: 'soon',
      quietStart: '25:00',
      quietEnd: '07:00',
      emails: 'not an address',
    });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(Object.keys(checked.errors).sort()).toEqual([
      'emails',
      'graceSeconds',
      'kinds',
      'name',
      'quietStart',
    ]);
  });

  it('reads a stored rule back into the same form, keeping the routes it does not edit', () => {
    const rule: AlertRuleDoc = {
      rule_id: 'r',
      project_id: 'p',
      user_id: 'u',
      name: 'n',
      kinds: ['client_stale'],
      selector: { job_ids: ['j1'] },
      severity: 'critical',
      quiet_hours: null,
      repeat_seconds: 3600,
      grace_seconds: 60,
      stale_after_seconds: 120,
      routes: [
        { type: 'email', to: ['x@example.test'] },
        { type: 'webhook', url: 'http://127.0.0.1:9/a' },
        { type: 'webhook', url: 'http://127.0.0.1:9/b', format: 'slack' },
      ],
      enabled: true,
      created_at: 0,
      updated_at: 0,
    };
    const form = ruleToForm(rule);
    expect(validateRuleForm(form)).toMatchObject({
      ok: true,
      rule: {
        kinds: ['client_stale'],
        selector: { job_ids: ['j1'] },
        repeat_seconds: 3600,
        quiet_hours: null,
      },
    });
  });
});

import { FreezerApiClient } from '@freezer/api-client';
import type { AlertDeliveryDoc, AlertDoc, AlertRuleCreate, AlertRuleDoc } from '@freezer/schema';
import { type AgentStarter, Scheduler, httpTransport, silentLogger } from '@freezer/scheduler';
import {
  type ApiProcess,
  type SmtpSink,
  createDatabase,
  startApi,
  startSmtpSink,
  waitFor,
} from '@freezer/testkit';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type WebhookReceiver, startWebhookReceiver } from './support/webhook-receiver.js';

// A real API (SQLite, or PostgreSQL in @freezer/api-pg) evaluating every second, a real node (the scheduler; only the agent is a stand-in that
// succeeds at once), a real SMTP server with STARTTLS and AUTH, and a loopback webhook receiver.

const SMTP_USER = { user: 'alerts', password: 'smtp secret' };
const NODE = 'alert-node1';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const instantAgent: AgentStarter = () => ({
  pid: 0,
  done: Promise.resolve({ exitCode: 0, stdout: '', stderr: '' }),
  kill: () => undefined,
});

describe('alerts reach people', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fz-alerts-'));
  let api: ApiProcess;
  let smtp: SmtpSink;
  let hooks: WebhookReceiver;

  beforeAll(async () => {
    smtp = await startSmtpSink({ tls: true, auth: SMTP_USER });
    hooks = await startWebhookReceiver();
    // @freezer/api-pg runs the same file on PostgreSQL (the advisory-locked evaluation).
    const pgUrl = inject('freezerPgUrl');
    api = await startApi({
      from: 'source',
      db: pgUrl ? await createDatabase(pgUrl) : join(dir, 'alerts.sqlite'),
      args: ['--alerts-interval', '1', '--log-level', 'warn'],
      env: {
        FREEZER_SMTP_URL: `smtp://${SMTP_USER.user}:${encodeURIComponent(SMTP_USER.password)}@127.0.0.1:${smtp.port}`,
        FREEZER_SMTP_CA: smtp.certFile ?? '',
        FREEZER_SMTP_FROM: 'freezer@example.test',
      },
    });
  }, 120_000);

  afterAll(async () => {
    await api?.cleanup();
    await smtp?.stop();
    await hooks?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${api.url}/v2/default${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const createRule = (rule: AlertRuleCreate) => call<AlertRuleDoc>('POST', '/alerts/rules', rule);
  const firing = async () => (await call<{ alerts: AlertDoc[] }>('GET', '/alerts/firing')).alerts;
  const deliveries = async (alertId: string) =>
    (await call<{ deliveries: AlertDeliveryDoc[] }>('GET', `/alerts/${alertId}/deliveries`)).deliveries;
  const events = (path: string) => hooks.received(path).map((b) => (b as { event: string }).event);
  const mails = (subject: string) =>
    smtp.messages().filter((m) => m.data.includes(subject) && m.rcpt_tos.includes('oncall@example.test'));

  function startNode(): Scheduler {
    const node = new Scheduler({
      api: new FreezerApiClient({ apiUrl: api.url, projectId: 'default', transport: httpTransport() }),
      clientId: NODE,
      stateDir: join(dir, 'node'),
      agentPath: 'simulated',
      interval: 1,
      log: silentLogger,
      version: 'test',
      timeZone: 'UTC',
      startAgent: instantAgent,
    });
    void node.start();
    return node;
  }

  it('a job made late by stopping its node fires once to a webhook and by e-mail; its return resolves it', async () => {
    await createRule({
      name: 'late backups',
      kinds: ['job_late'],
      selector: { client_ids: [NODE] },
      severity: 'critical',
      grace_seconds: 4,
      routes: [
        { type: 'webhook', url: `${hooks.url}/late` },
        { type: 'webhook', url: `${hooks.url}/late-chat`, format: 'slack' },
        { type: 'email', to: ['oncall@example.test'] },
      ],
    });
    let node = startNode();
    const { job_id: jobId } = await call<{ job_id: string }>('POST', '/jobs', {
      client_id: NODE,
      description: 'every 3 s',
      job_schedule: { schedule_interval: '3 seconds' },
      job_actions: [{ freezer_action: { action: 'exec', command: 'true', backup_name: 'late-test' } }],
    });
    // Running on time: two runs recorded and no alert.
    await waitFor('two runs of the job', async () => {
      const { runs } = await call<{ runs: unknown[] }>('GET', `/jobs/${jobId}/runs`);
      return runs.length >= 2;
    });
    expect(await firing()).toEqual([]);

    await node.stop();
    await waitFor('the late alert on the webhook', async () => events('/late').length > 0, 30_000);
    await waitFor('the late alert by e-mail', async () => mails('[FIRING]').length > 0, 30_000);
    const [alert] = await firing();
    expect(alert).toMatchObject({
      kind: 'job_late',
      subject_id: jobId,
      severity: 'critical',
      state: 'firing',
    });
    // Several more evaluations while it stays late: still exactly one notification per route.
    await sleep(4000);
    expect(events('/late')).toEqual(['firing']);
    expect(hooks.received('/late')[0]).toMatchObject({
      alert: { alert_id: alert?.alert_id, kind: 'job_late' },
    });
    expect(hooks.received('/late-chat')).toEqual([
      { text: expect.stringContaining('[FIRING] [critical] job_late') },
    ]);
    const firingMails = mails('[FIRING]');
    expect(firingMails).toHaveLength(1);
    expect(firingMails[0]).toMatchObject({ mail_from: 'freezer@example.test', tls: true, auth: true });
    expect(firingMails[0]?.data).toContain(jobId);

    node = startNode();
    await waitFor('the resolution on the webhook', async () => events('/late').length > 1, 30_000);
    await waitFor('the resolution by e-mail', async () => mails('[RESOLVED]').length > 0, 30_000);
    await sleep(3000);
    expect(events('/late')).toEqual(['firing', 'resolved']);
    expect(mails('[RESOLVED]')).toHaveLength(1);
    expect(mails('[FIRING]')).toHaveLength(1);
    expect(await firing()).toEqual([]);
    const sent = await deliveries(alert?.alert_id ?? '');
    expect(sent.map((d) => [d.event, d.state, d.attempts])).toEqual([
      ['firing', 'sent', 1],
      ['firing', 'sent', 1],
      ['firing', 'sent', 1],
      ['resolved', 'sent', 1],
      ['resolved', 'sent', 1],
      ['resolved', 'sent', 1],
    ]);
    await node.stop();
  }, 120_000);

  it('quiet hours hold a notification; after an API restart it is delivered once when they end', async () => {
    const now = new Date();
    const hhmm = (d: Date) => d.toISOString().slice(11, 16);
    const quiet = {
      start: hhmm(new Date(now.getTime() - 60_000)),
      end: hhmm(new Date(now.getTime() + 2 * 3_600_000)),
      time_zone: 'UTC',
    };
    await call('POST', '/clients', { client_id: 'quiet-node', hostname: 'quiet-node' });
    const rule = await createRule({
      name: 'silent nodes',
      kinds: ['client_stale'],
      selector: { client_ids: ['quiet-node'] },
      stale_after_seconds: 1,
      quiet_hours: quiet,
      routes: [{ type: 'webhook', url: `${hooks.url}/quiet` }],
    });
    await waitFor('the stale-client alert', async () =>
      (await firing()).some((a) => a.rule_id === rule.rule_id),
    );
    const alert = (await firing()).find((a) => a.rule_id === rule.rule_id) as AlertDoc;
    await waitFor('the notification held until the quiet hours end', async () => {
      const [d] = await deliveries(alert.alert_id);
      return d !== undefined && d.next_attempt_at > Date.now() / 1000 + 3000;
    });
    await sleep(3000);
    expect(hooks.received('/quiet')).toEqual([]);

    await api.stop();
    await api.restart();
    // The quiet hours end (the rule no longer has any): the held notification goes out, once.
    await call('PATCH', `/alerts/rules/${rule.rule_id}`, { quiet_hours: null });
    await waitFor('the held notification', async () => events('/quiet').length > 0, 30_000);
    await sleep(3000);
    expect(events('/quiet')).toEqual(['firing']);
    expect((await deliveries(alert.alert_id)).map((d) => [d.state, d.attempts])).toEqual([['sent', 1]]);
  }, 120_000);

  it('refuses bad rules with a 400 naming the field', async () => {
    const res = await fetch(`${api.url}/v2/default/alerts/rules`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'x',
        kinds: ['job_late'],
        quiet_hours: { start: '25:00', end: '07:00', time_zone: 'UTC' },
      }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('quiet_hours');
    const missing = await fetch(`${api.url}/v2/default/alerts/rules/nope`, { method: 'DELETE' });
    expect(missing.status).toBe(404);
  });
});

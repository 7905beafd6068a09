import { type Notification, emailMessage, webhookBody } from '@freezer/alerts';
import type { AlertRoute } from '@freezer/schema';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import nodemailer from 'nodemailer';

export interface SmtpSettings {
  /** smtp://[user:pass@]host[:port] */
  url: string;
  from?: string;
  /** starttls (default): upgrade and refuse a server without STARTTLS; tls: implicit TLS; none: plain. */
  tls?: 'starttls' | 'tls' | 'none';
  /** A PEM file of the CA (or self-signed certificate) the server's certificate is checked against. */
  caFile?: string;
}

/** Sends one notification to one route; throws with a one-line reason when it was not accepted. */
export type Send = (route: AlertRoute, n: Notification) => Promise<void>;

const WEBHOOK_TIMEOUT_MS = 10_000;

async function postWebhook(url: string, body: unknown): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'freezer-api alerts' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    redirect: 'error',
  });
  await res.body?.cancel();
  if (!res.ok) throw new Error(`webhook answered HTTP ${res.status}`);
}

function mailer(smtp: SmtpSettings) {
  const u = new URL(smtp.url);
  const mode = smtp.tls ?? 'starttls';
  const transport = nodemailer.createTransport({
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : mode === 'tls' ? 465 : 587,
    secure: mode === 'tls',
    requireTLS: mode === 'starttls',
    ignoreTLS: mode === 'none',
    ...(u.username
      ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } }
      : {}),
    ...(smtp.caFile ? { tls: { ca: readFileSync(smtp.caFile) } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  const from = smtp.from ?? `freezer@${hostname()}`;
  return async (to: string[], n: Notification) => {
    const m = emailMessage(n);
    await transport.sendMail({ from, to, subject: m.subject, text: m.text });
  };
}

/** The senders of every route type, with the server's SMTP relay (if one is configured). */
export function createSender(smtp: SmtpSettings | undefined): Send {
  const mail = smtp ? mailer(smtp) : undefined;
  return async (route, n) => {
    if (route.type === 'webhook') return postWebhook(route.url, webhookBody(route.format, n));
    if (!mail) throw new Error('no SMTP relay is configured (FREEZER_SMTP_URL)');
    return mail(route.to, n);
  };
}

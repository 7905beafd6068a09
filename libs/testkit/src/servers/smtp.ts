import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBinary, run } from '../binaries.js';
import { stopChild } from '../pids.js';
import { freePort } from '../ports.js';
import { RECIPES } from '../repo.js';

const PYTHON = '/usr/bin/python3';

export interface SmtpMessage {
  mail_from: string;
  rcpt_tos: string[];
  /** The whole message as received: headers and body. */
  data: string;
  /** Whether it came over STARTTLS. */
  tls: boolean;
  /** Whether the client authenticated. */
  auth: boolean;
}

export interface SmtpSink {
  port: number;
  pid: number;
  /** With `tls`: the self-signed certificate (PEM file) a client must trust. */
  certFile?: string;
  /** Every message accepted so far, oldest first. */
  messages(): SmtpMessage[];
  stop(): Promise<void>;
}

export interface SmtpSinkOptions {
  /** Offer and require STARTTLS with a fresh self-signed certificate for 127.0.0.1. */
  tls?: boolean;
  /** Require AUTH with this user and password. */
  auth?: { user: string; password: string };
}

/** Starts a real SMTP server (aiosmtpd) on a free loopback port, keeping what it accepts. */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  requireBinary(PYTHON, 'python3-aiosmtpd');
  const dir = mkdtempSync(join(tmpdir(), 'fz-smtp-'));
  const mailDir = join(dir, 'mail');
  await run('mkdir', [mailDir]);
  const args = [join(RECIPES, 'smtp-sink.py'), '--dir', mailDir];
  let certFile: string | undefined;
  if (options.tls) {
    certFile = join(dir, 'cert.pem');
    const keyFile = join(dir, 'key.pem');
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ]);
    args.push('--cert', certFile, '--key', keyFile);
  }
  if (options.auth) args.push('--user', options.auth.user, '--password', options.auth.password);
  const port = await freePort();
  const child = spawn(PYTHON, [...args, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (b: Buffer) => (err = (err + b.toString()).slice(-4000)));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (b: Buffer) => {
      if (b.toString().includes('ready')) resolve();
    });
    child.once('exit', (code) =>
      reject(new Error(`smtp-sink exited (${code}): ${err || 'is python3-aiosmtpd installed?'}`)),
    );
  });
  return {
    port,
    pid: child.pid ?? -1,
    ...(certFile ? { certFile } : {}),
    messages: () =>
      readdirSync(mailDir)
        .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
        .sort()
        .map((f) => JSON.parse(readFileSync(join(mailDir, f), 'utf8')) as SmtpMessage),
    async stop() {
      await stopChild(child, 'SIGTERM', 5000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

import { describe, expect, it } from 'vitest';
import { UsageError, parseConfig } from '../src/config.js';

describe('configuration', () => {
  it('takes the PostgreSQL pool size from --db-pool or FREEZER_DB_POOL, default 20, at least 1', () => {
    expect(parseConfig([], {}, 'v').dbPool).toBe(20);
    expect(parseConfig([], { FREEZER_DB_POOL: '25' }, 'v').dbPool).toBe(25);
    expect(parseConfig(['--db-pool', '40'], { FREEZER_DB_POOL: '25' }, 'v').dbPool).toBe(40);
    expect(() => parseConfig(['--db-pool', '0'], {}, 'v')).toThrow(
      new UsageError('--db-pool must be at least 1'),
    );
    expect(() => parseConfig(['--db-pool', 'many'], {}, 'v')).toThrow(UsageError);
  });

  it('--keystone-url turns auth on and needs the service password from the environment', () => {
    const url = ['--keystone-url', 'http://127.0.0.1:5000/v3'];
    expect(() => parseConfig(url, {}, 'v')).toThrow(/FREEZER_KEYSTONE_PASSWORD/);
    const c = parseConfig([...url, '--keystone-cache', '5'], { FREEZER_KEYSTONE_PASSWORD: 'pw' }, 'v');
    expect(c.auth).toBe(true);
    expect(c.keystone).toEqual({
      authUrl: 'http://127.0.0.1:5000/v3',
      user: 'freezer',
      password: 'pw',
      project: 'service',
      domain: 'Default',
      cacheSeconds: 5,
      localUsers: true,
    });
    const only = parseConfig([...url, '--keystone-only'], { FREEZER_KEYSTONE_PASSWORD: 'pw' }, 'v');
    expect(only.keystone?.localUsers).toBe(false);
    expect(() => parseConfig(['--keystone-only'], {}, 'v')).toThrow(/needs --keystone-url/);
    expect(() => parseConfig(['--keystone-url', 'keystone'], {}, 'v')).toThrow(UsageError);
  });

  it('refuses a non-loopback address without --auth, accepts it with', () => {
    expect(() => parseConfig(['--host', '10.0.0.11'], {}, 'v')).toThrow(/refusing to listen on 10.0.0.11/);
    expect(parseConfig(['--host', '10.0.0.11'], { FREEZER_AUTH: 'on' }, 'v').host).toBe('10.0.0.11');
  });

  it('takes --allowed-hosts and --public-url (or their env vars), refusing malformed values', () => {
    expect(parseConfig([], {}, 'v')).toMatchObject({ allowedHosts: [], publicUrl: undefined });
    expect(parseConfig(['--allowed-hosts', 'backup.lan, 10.0.0.5:9090'], {}, 'v').allowedHosts).toEqual([
      'backup.lan',
      '10.0.0.5:9090',
    ]);
    expect(parseConfig([], { FREEZER_ALLOWED_HOSTS: '[::1]:9090' }, 'v').allowedHosts).toEqual([
      '[::1]:9090',
    ]);
    expect(() => parseConfig(['--allowed-hosts', 'a b'], {}, 'v')).toThrow(/"a b" is not a host name/);
    expect(parseConfig(['--public-url', 'https://backup.example.com/freezer/'], {}, 'v').publicUrl).toBe(
      'https://backup.example.com/freezer',
    );
    expect(parseConfig([], { FREEZER_PUBLIC_URL: 'http://10.0.0.5:9090' }, 'v').publicUrl).toBe(
      'http://10.0.0.5:9090',
    );
    for (const bad of ['ftp://x', 'not a url', 'https://x/?q=1', 'https://u:p@x']) {
      expect(() => parseConfig(['--public-url', bad], {}, 'v'), bad).toThrow(UsageError);
    }
  });

  it('takes the progress budget (events per second), refusing anything but a whole number from 1', () => {
    expect(parseConfig([], {}, 'v').progressBudget).toBe(100);
    expect(parseConfig(['--progress-budget', '250'], {}, 'v').progressBudget).toBe(250);
    expect(parseConfig([], { FREEZER_PROGRESS_BUDGET: '40' }, 'v').progressBudget).toBe(40);
    for (const bad of ['0', '-5', '1.5', 'lots']) {
      expect(() => parseConfig(['--progress-budget', bad], {}, 'v'), bad).toThrow(UsageError);
    }
  });

  it('takes the alert interval and the SMTP relay, refusing malformed values', () => {
    expect(parseConfig([], {}, 'v')).toMatchObject({ alertsInterval: 30, smtp: undefined });
    expect(parseConfig(['--alerts-interval', '0'], {}, 'v').alertsInterval).toBe(0);
    expect(
      parseConfig(['--smtp-url', 'smtp://u:p@relay.example.com:587'], { FREEZER_SMTP_FROM: 'f@x.test' }, 'v')
        .smtp,
    ).toEqual({ url: 'smtp://u:p@relay.example.com:587', tls: 'starttls', from: 'f@x.test' });
    expect(
      parseConfig([], { FREEZER_SMTP_URL: 'smtp://127.0.0.1:25', FREEZER_SMTP_TLS: 'none' }, 'v').smtp,
    ).toEqual({ url: 'smtp://127.0.0.1:25', tls: 'none' });
    for (const bad of ['http://relay', 'smtp://', 'not a url', 'smtp://relay/path']) {
      expect(() => parseConfig(['--smtp-url', bad], {}, 'v'), bad).toThrow(UsageError);
    }
    expect(() => parseConfig(['--smtp-tls', 'ssl'], {}, 'v')).toThrow(/must be one of starttls, tls, none/);
    expect(() => parseConfig(['--alerts-interval', '-1'], {}, 'v')).toThrow(UsageError);
  });
});

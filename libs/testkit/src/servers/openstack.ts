import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../binaries.js';
import { RECIPES } from '../repo.js';

/** A Keystone user with a role in one project (Default domain). */
export interface CloudUser {
  username: string;
  password: string;
  project: string;
}

/** What recipes/openstack/cloud-up.sh writes to $OS_BASE/cloud.json. */
export interface Cloud {
  base: string;
  authUrl: string;
  region: string;
  admin: CloudUser;
  demo: CloudUser;
  /** A second tenant, to prove one project never reaches another's data. */
  alt: CloudUser;
  /** Service users (project `service`, roles admin + service). */
  freezer: CloudUser;
  swift: CloudUser;
  endpoints: { identity: string; compute: string; image: string; volumev3: string };
  paths: { instances: string; volumes: string; backups: string; images: string; logs: string };
  /** OS_* variables for a user, as the stock clients and our agent read them. */
  osEnv(user: CloudUser): Record<string, string>;
}

/** One cloud per machine: its state survives between runs, so a second start costs ~0.2 s. */
export const CLOUD_BASE = process.env.FREEZER_CLOUD_BASE ?? '/tmp/freezer-openstack';
const recipe = (name: string) => join(RECIPES, 'openstack', name);

function readCloud(base: string): Cloud {
  const raw = JSON.parse(readFileSync(join(base, 'cloud.json'), 'utf8')) as Omit<
    Cloud,
    'base' | 'authUrl' | 'osEnv'
  > & { auth_url: string };
  const { admin, demo, alt, freezer, swift, endpoints, paths, region } = raw;
  return {
    base,
    authUrl: raw.auth_url,
    region,
    admin,
    demo,
    alt,
    freezer,
    swift,
    endpoints,
    paths,
    osEnv: (u) => ({
      OS_AUTH_URL: raw.auth_url,
      OS_IDENTITY_API_VERSION: '3',
      OS_USERNAME: u.username,
      OS_PASSWORD: u.password,
      OS_PROJECT_NAME: u.project,
      OS_USER_DOMAIN_NAME: 'Default',
      OS_PROJECT_DOMAIN_NAME: 'Default',
      OS_REGION_NAME: raw.region,
      OS_INTERFACE: 'public',
    }),
  };
}

/** Is a cloud already up under `base`? (cloud-status.sh exits 1 if any service is down.) */
async function cloudAlive(base: string): Promise<boolean> {
  if (!existsSync(join(base, 'cloud.json'))) return false;
  try {
    await run('bash', [recipe('cloud-status.sh')], { env: { ...process.env, OS_BASE: base } });
    return true;
  } catch {
    return false;
  }
}

/**
 * A minimal real OpenStack (Keystone, Glance, Placement, Nova, Cinder; MariaDB, RabbitMQ) on loopback,
 * from Debian packages, via recipes/openstack/cloud-up.sh (idempotent: a running cloud is reused).
 * `startedHere` tells the caller whether stopping it is its job.
 */
export async function startCloud(base = CLOUD_BASE): Promise<Cloud & { startedHere: boolean }> {
  const alive = await cloudAlive(base);
  if (!alive) {
    await run('bash', [recipe('cloud-up.sh')], {
      env: { ...process.env, OS_BASE: base },
      maxBuffer: 16 * 1024 * 1024,
      timeout: 20 * 60_000,
    });
  }
  return { ...readCloud(base), startedHere: !alive };
}

/** Stops exactly the processes cloud-up.sh recorded (by PID, after checking each one's marker). */
export async function stopCloud(base = CLOUD_BASE): Promise<void> {
  await run('bash', [recipe('cloud-down.sh')], { env: { ...process.env, OS_BASE: base } });
}

/** The cloud's facts for tests running beside a cloud some globalSetup started. */
export function cloudAt(base = CLOUD_BASE): Cloud {
  return readCloud(base);
}

/**
 * Puts (or moves) a service's public/internal/admin endpoints in the cloud's catalog, as its admin:
 * a test server on a free port (Swift behind this Keystone) becomes what clients find there.
 */
export async function registerEndpoint(cloud: Cloud, type: string, name: string, url: string): Promise<void> {
  const auth = await fetch(`${cloud.authUrl}/auth/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: {
            user: { name: cloud.admin.username, password: cloud.admin.password, domain: { id: 'default' } },
          },
        },
        scope: { project: { name: cloud.admin.project, domain: { id: 'default' } } },
      },
    }),
  });
  const token = auth.headers.get('x-subject-token') ?? '';
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${cloud.authUrl}${path}`, {
      method,
      headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`Keystone ${method} ${path}: ${res.status} ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
  const { services } = await call<{ services: { id: string; type: string }[] }>(
    'GET',
    `/services?type=${type}`,
  );
  const service =
    services[0] ??
    (await call<{ service: { id: string } }>('POST', '/services', { service: { type, name, enabled: true } }))
      .service;
  const { endpoints } = await call<{ endpoints: { id: string }[] }>(
    'GET',
    `/endpoints?service_id=${service.id}`,
  );
  for (const e of endpoints) await call('DELETE', `/endpoints/${e.id}`);
  for (const iface of ['public', 'internal', 'admin']) {
    await call('POST', '/endpoints', {
      endpoint: { service_id: service.id, interface: iface, url, region_id: cloud.region, enabled: true },
    });
  }
}

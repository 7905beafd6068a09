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
  /** `{project_id}` stands for the project's id; `object-store` is the cloud's Swift (keystoneauth). */
  endpoints: { identity: string; compute: string; image: string; volumev3: string; 'object-store': string };
  /** The Swift container (in the user's project account) where Cinder's Swift driver keeps backups. */
  cinderBackupContainer: string;
  paths: { instances: string; volumes: string; images: string; logs: string };
  /** OS_* variables for a user, as the stock clients and our agent read them. */
  osEnv(user: CloudUser): Record<string, string>;
}

/** One cloud per machine: its state survives between runs, so a second start costs ~0.2 s. */
export const CLOUD_BASE = process.env.FREEZER_CLOUD_BASE ?? '/tmp/freezer-openstack';
const recipe = (name: string) => join(RECIPES, 'openstack', name);

function readCloud(base: string): Cloud {
  const raw = JSON.parse(readFileSync(join(base, 'cloud.json'), 'utf8')) as Omit<
    Cloud,
    'base' | 'authUrl' | 'osEnv' | 'cinderBackupContainer'
  > & { auth_url: string; cinder_backup_container: string };
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
    cinderBackupContainer: raw.cinder_backup_container,
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

/**
 * Is a cloud already up under `base`? (cloud-status.sh exits 1 if any service is down.) A cloud that an
 * older recipe started, without its own Swift, is not: cloud-up.sh adds what is missing and restarts
 * the services whose configuration changed.
 */
async function cloudAlive(base: string): Promise<boolean> {
  const file = join(base, 'cloud.json');
  if (!existsSync(file)) return false;
  const facts = JSON.parse(readFileSync(file, 'utf8')) as { endpoints?: Record<string, string> };
  if (!facts.endpoints?.['object-store']) return false;
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

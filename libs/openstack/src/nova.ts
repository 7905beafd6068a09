import { OpenStackError } from './errors.js';
import type { OpenStackSession } from './session.js';
import { pollUntil } from './wait.js';

export interface NovaServer {
  id: string;
  name: string;
  status: string;
  flavor: { id?: string; original_name?: string };
  metadata?: Record<string, string>;
  addresses?: Record<string, unknown[]>;
  /** The image it booted from; an empty string for an instance booted from a volume. */
  image?: { id: string } | '';
  'OS-EXT-AZ:availability_zone'?: string;
  fault?: { message?: string };
}

const COMPUTE = 'compute';
/** 2.45: createImage answers with the image id in the body; 2.37: `networks: none`. */
const MICROVERSION = { 'OpenStack-API-Version': 'compute 2.45' };

export async function getServer(s: OpenStackSession, id: string): Promise<NovaServer> {
  try {
    const path = `/servers/${encodeURIComponent(id)}`;
    return (await s.json<{ server: NovaServer }>(COMPUTE, 'GET', path, undefined, MICROVERSION)).server;
  } catch (err) {
    if (err instanceof OpenStackError && err.status === 404)
      throw new OpenStackError(`no Nova instance ${id}`, 404);
    throw err;
  }
}

/** Nova's snapshot (createImage): a new Glance image of the instance's disk; returns its id. */
export async function snapshotServer(s: OpenStackSession, id: string, imageName: string): Promise<string> {
  const path = `/servers/${encodeURIComponent(id)}/action`;
  const body = { createImage: { name: imageName, metadata: { freezer_snapshot_of: id } } };
  return (await s.json<{ image_id: string }>(COMPUTE, 'POST', path, body, MICROVERSION)).image_id;
}

export async function createServer(
  s: OpenStackSession,
  fields: { name: string; imageRef: string; flavorRef: string; metadata?: Record<string, string> },
): Promise<NovaServer> {
  const body = { server: { ...fields, networks: 'none' } };
  return (await s.json<{ server: NovaServer }>(COMPUTE, 'POST', '/servers', body, MICROVERSION)).server;
}

export async function deleteServer(s: OpenStackSession, id: string): Promise<void> {
  await s.request(COMPUTE, 'DELETE', `/servers/${encodeURIComponent(id)}`, { accept: [404] });
}

/** Waits for ACTIVE (fails on ERROR with Nova's fault message, or after `timeoutMs`). */
export function waitForServer(s: OpenStackSession, id: string, timeoutMs = 900_000): Promise<NovaServer> {
  const state = (v: NovaServer) =>
    v.status === 'ACTIVE' ? 'done' : v.status === 'ERROR' ? 'failed' : 'waiting';
  const fault = (v: NovaServer) => (v.fault?.message ? `: ${v.fault.message}` : '');
  return pollUntil(`Nova instance ${id}`, () => getServer(s, id), state, timeoutMs, fault);
}

/** The ids of every instance of the session's project (Nova pages the list: followed by marker). */
export async function listServerIds(s: OpenStackSession): Promise<string[]> {
  const ids: string[] = [];
  for (;;) {
    const marker = ids.length > 0 ? `&marker=${encodeURIComponent(ids[ids.length - 1] as string)}` : '';
    const page = await s.json<{ servers: { id: string }[] }>(COMPUTE, 'GET', `/servers?limit=500${marker}`);
    ids.push(...page.servers.map((v) => v.id));
    if (page.servers.length < 500) return ids;
  }
}

/** The session project's instances named exactly `name` (Nova's `name` filter is a regular expression). */
export async function serversNamed(
  s: OpenStackSession,
  name: string,
): Promise<{ id: string; name: string }[]> {
  const pattern = `^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
  const path = `/servers?limit=1000&name=${encodeURIComponent(pattern)}`;
  const page = await s.json<{ servers: { id: string; name: string }[] }>(COMPUTE, 'GET', path);
  return page.servers.filter((v) => v.name === name);
}

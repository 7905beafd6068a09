import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBinary, run } from '../binaries.js';
import { freePort } from '../ports.js';
import { RECIPES } from '../repo.js';

export interface SwiftServer {
  /** http://127.0.0.1:<proxy> — the S3 endpoint too. */
  endpoint: string;
  authUrl: string;
  user: string;
  key: string;
  base: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  cleanup(): Promise<void>;
}

/**
 * A real one-node OpenStack Swift (tempauth + s3api) from Debian packages, via
 * recipes/swift-saio-start.sh on free loopback ports and a private SWIFT_BASE; stopped by PID.
 */
export async function startSwift(): Promise<SwiftServer> {
  requireBinary(
    '/usr/bin/swift-proxy-server',
    'swift swift-proxy swift-account swift-container swift-object memcached curl',
  );
  requireBinary('/usr/bin/memcached', 'memcached');
  // A port can still be taken between our pick and the server's bind (another test's server): the
  // start is then retried on fresh ports rather than failing the test file.
  for (let attempt = 1; ; attempt++) {
    const base = await mkdtemp(join(tmpdir(), 'fz-swift-'));
    const ports = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
    try {
      return await startOn(base, ports as [number, number, number, number, number]);
    } catch (err) {
      await rm(base, { recursive: true, force: true });
      const text = `${(err as Error).message} ${(err as { stderr?: string }).stderr ?? ''}`;
      if (attempt >= 3 || !/Could not bind|already in use/.test(text)) throw err;
    }
  }
}

async function startOn(
  base: string,
  [proxy, obj, cont, acct, mc]: [number, number, number, number, number],
): Promise<SwiftServer> {
  const env = {
    ...process.env,
    SWIFT_BASE: base,
    SWIFT_PROXY_PORT: String(proxy),
    SWIFT_OBJ_PORT: String(obj),
    SWIFT_CONT_PORT: String(cont),
    SWIFT_ACCT_PORT: String(acct),
    SWIFT_MEMCACHE_PORT: String(mc),
  };
  const start = async (): Promise<void> => {
    await run(join(RECIPES, 'swift-saio-start.sh'), [], { env });
  };
  const stop = async (): Promise<void> => {
    await run(join(RECIPES, 'swift-saio-stop.sh'), [], { env });
  };
  try {
    await start();
  } catch (err) {
    await stop().catch(() => undefined); // servers that did start are stopped by PID
    throw err;
  }
  const endpoint = `http://127.0.0.1:${proxy}`;
  return {
    endpoint,
    authUrl: `${endpoint}/auth/v1.0`,
    user: 'test:tester',
    key: 'testing',
    base,
    start,
    stop,
    async cleanup() {
      await stop();
      await rm(base, { recursive: true, force: true });
    },
  };
}

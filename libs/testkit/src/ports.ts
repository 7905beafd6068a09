import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * Ports are picked below the kernel's ephemeral range. A server started as a child process binds its
 * port some time after we chose it; a port from bind(0) lies in the ephemeral range, where any
 * outgoing connection on the machine (hundreds while the suite runs) may take it as its local port in
 * the meantime, and the server then fails to bind. Ports below the range are never handed out that way.
 */
const LOWEST = 20_000;
/** Fixed ports of the shared test cloud that fall in the range. */
const RESERVED = new Set([25_673]);
/** Ports this process already handed out: two servers of one test must not get the same port. */
const handed = new Set<number>();

function ephemeralStart(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    return Number(low) || 32_768;
  } catch {
    return 32_768;
  }
}

function canBind(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(port, '127.0.0.1', () => {
      const address = srv.address();
      const bound = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(bound));
    });
  });
}

/** A TCP port on 127.0.0.1 that was free a moment ago and that no outgoing connection will take. */
export async function freePort(): Promise<number> {
  const highest = ephemeralStart() - 1;
  if (highest - LOWEST >= 1_000) {
    for (let attempt = 0; attempt < 64; attempt++) {
      const port = LOWEST + Math.floor(Math.random() * (highest - LOWEST + 1));
      if (handed.has(port) || RESERVED.has(port)) continue;
      handed.add(port); // before the await: a concurrent call must not pick it too
      if ((await canBind(port).catch(() => 0)) === port) return port;
      handed.delete(port);
    }
  }
  // A machine whose ephemeral range leaves no room below it: let the kernel pick.
  const port = await canBind(0);
  handed.add(port);
  return port;
}

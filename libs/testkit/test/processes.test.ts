import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort, pidAlive, stopChild, stopPid, waitFor } from '../src/index.js';

describe('ports, waiting and stopping by PID', () => {
  it('freePort gives a loopback port that can be listened on', async () => {
    const port = await freePort();
    const server = createServer();
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    expect(server.address()).toMatchObject({ port });
    server.close();
  });

  it('freePort gives ports below the ephemeral range (no outgoing connection takes them), never twice', async () => {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    for (const port of ports) expect(port).toBeLessThan(Number(low));
    expect(new Set(ports).size).toBe(ports.length);
  });

  it('waitFor returns the first truthy value, and names what it waited for when it gives up', async () => {
    let n = 0;
    expect(await waitFor('three calls', () => (++n >= 3 ? n : false), 10_000, 10)).toBe(3);
    await expect(waitFor('the impossible', () => false, 200, 10)).rejects.toThrow(
      'timed out waiting for the impossible',
    );
  });

  it('stopPid ends a process by its PID, with SIGKILL when it ignores SIGTERM', async () => {
    const stubborn = spawn('sh', ['-c', 'trap "" TERM; echo ready; while :; do sleep 1; done'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    await once(stubborn.stdout, 'data'); // the trap is in place
    const pid = stubborn.pid ?? -1;
    expect(pidAlive(pid)).toBe(true);
    const exited = once(stubborn, 'exit');
    await stopPid(pid, 300);
    const [, signal] = await exited;
    expect(signal).toBe('SIGKILL');
    expect(pidAlive(pid)).toBe(false);
  });

  it('stopChild resolves once the child has exited', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    await stopChild(child);
    expect(child.signalCode).toBe('SIGTERM');
    await stopChild(child); // a second stop is a no-op
  });
});

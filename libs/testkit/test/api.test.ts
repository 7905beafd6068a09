import { describe, expect, it } from 'vitest';
import { startApi } from '../src/index.js';

// The API from source (no build needed): each case starts a real process.
describe('startApi', { timeout: 120_000 }, () => {
  it('fails with the exit code and what the server said when it refuses to start', async () => {
    await expect(
      startApi({ from: 'source', auth: true, env: { FREEZER_ADMIN_PASSWORD: '' } }),
    ).rejects.toThrow(/freezer-api exited 1: .*authentication is on but there is no user yet/s);
  });

  it('serves on its loopback url, and restart() comes back on the same port and database', async () => {
    const api = await startApi({ from: 'source', args: ['--log-level', 'warn'] });
    try {
      expect(api.url).toBe(`http://127.0.0.1:${api.port}`);
      const created = await fetch(`${api.url}/v2/p1/clients`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: 'kit_node', hostname: 'kit-node' }),
      });
      expect(created.status).toBe(201);
      const firstPid = api.pid;
      await api.stop();
      expect(api.alive()).toBe(false);
      await api.restart();
      expect(api.pid).not.toBe(firstPid);
      const found = await fetch(`${api.url}/v2/p1/clients/kit_node`);
      expect(found.status).toBe(200);
    } finally {
      await api.cleanup();
    }
  });
});

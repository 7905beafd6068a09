import http from 'node:http';
import https from 'node:https';
import { once } from 'node:events';
import type { Transport } from '@freezer/api-client';

/**
 * node:http transport: unlike fetch it can send a body with GET, which the stock list endpoints read their
 * search filter from. Keep-alive agents so a 10 s poll reuses one connection.
 */
export function httpTransport(timeoutMs = 30_000): Transport {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 8 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 8 }),
  };
  return (req) =>
    new Promise((resolve, reject) => {
      const url = new URL(req.url);
      const lib = url.protocol === 'https:' ? https : http;
      const headers: Record<string, string> = { ...req.headers };
      const body = req.body;
      if (typeof body === 'string') headers['content-length'] = String(Buffer.byteLength(body));
      const r = lib.request(
        url,
        {
          method: req.method,
          headers,
          agent: agents[url.protocol as 'http:' | 'https:'],
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({
              status: res.statusCode ?? 0,
              header: (n) => {
                const v = res.headers[n.toLowerCase()];
                return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
              },
              text,
            });
          });
        },
      );
      r.on('timeout', () => r.destroy(new Error(`timeout after ${timeoutMs} ms`)));
      r.on('error', reject);
      if (body === undefined || typeof body === 'string') r.end(body);
      else {
        // Streamed (chunked) with backpressure: a large catalog is never held in memory.
        void (async () => {
          for await (const chunk of body) if (!r.write(chunk)) await once(r, 'drain');
          r.end();
        })().catch((err: unknown) => r.destroy(err as Error));
      }
    });
}

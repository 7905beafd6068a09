import http from 'node:http';
import https from 'node:https';
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
      if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
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
      r.end(req.body);
    });
}

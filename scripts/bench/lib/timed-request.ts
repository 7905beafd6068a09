import { request, type Agent } from 'node:http';

export interface PlainRequest {
  method: string;
  path: string;
  body?: string;
}

/**
 * One request; resolves with its latency in ms and status (checked by the caller). With `agent: false`
 * each request has its own connection, closed after the reply: the stock server (paste, HTTP/1.0)
 * closes every connection after its reply, which keep-alive load generators count as errors.
 */
export function timedRequest(
  agent: Agent | false,
  base: URL,
  req: PlainRequest,
): Promise<{ ms: number; status: number }> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const r = request(
      {
        host: base.hostname,
        port: base.port,
        method: req.method,
        path: req.path,
        agent,
        headers: {
          ...(agent === false ? { connection: 'close' } : {}),
          'content-type': 'application/json',
          ...(req.body === undefined ? {} : { 'content-length': Buffer.byteLength(req.body) }),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ ms: performance.now() - t, status: res.statusCode ?? 0 }));
        res.on('error', reject);
      },
    );
    r.setTimeout(30_000, () => r.destroy(new Error('timeout after 30 s')));
    r.on('error', reject);
    r.end(req.body);
  });
}

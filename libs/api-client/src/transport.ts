/**
 * The client talks HTTP through this one function so it stays isomorphic. The default uses the global
 * fetch, which cannot send a body with GET; stock list searches need one, so Node callers may pass a
 * transport built on node:http (see @freezer/scheduler's httpTransport).
 */
export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface TransportResponse {
  status: number;
  header(name: string): string | null;
  text: string;
}

export type Transport = (req: TransportRequest) => Promise<TransportResponse>;

export function fetchTransport(timeoutMs = 30_000): Transport {
  return async (req) => {
    const sendsBody = req.body !== undefined && req.method !== 'GET' && req.method !== 'HEAD';
    const res = await fetch(req.url, {
      method: req.method,
      headers: req.headers,
      body: sendsBody ? req.body : undefined,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    return { status: res.status, header: (n) => res.headers.get(n), text };
  };
}

/**
 * The client talks HTTP through this one function so it stays isomorphic. The default uses the global
 * fetch, which cannot send a body with GET; stock list searches need one, so Node callers may pass a
 * transport built on node:http (see @freezer/scheduler's httpTransport).
 */
export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** JSON text, or a stream sent as it is read (an NDJSON catalog upload). */
  body?: string | AsyncIterable<Uint8Array>;
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
    const streamed = sendsBody && typeof req.body !== 'string';
    const init: RequestInit & { duplex?: 'half' } = {
      method: req.method,
      headers: req.headers,
      // fetch takes an async iterable as a streamed body (Node) when told it is half duplex.
      body: sendsBody ? (req.body as RequestInit['body']) : undefined,
      signal: streamed ? undefined : AbortSignal.timeout(timeoutMs),
    };
    if (streamed) init.duplex = 'half';
    const res = await fetch(req.url, init);
    const text = await res.text();
    return { status: res.status, header: (n) => res.headers.get(n), text };
  };
}

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookReceiver {
  url: string;
  /** Bodies received on `path`, oldest first. */
  received(path: string): unknown[];
  close(): Promise<void>;
}

/** A loopback HTTP server that keeps every JSON body posted to it, by path, and answers 200. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const bodies = new Map<string, unknown[]>();
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      const path = req.url ?? '/';
      bodies.set(path, [...(bodies.get(path) ?? []), JSON.parse(text) as unknown]);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received: (path) => bodies.get(path) ?? [],
    close: () => new Promise((r) => server.close(() => r())),
  };
}

import { createServer, type Server } from 'node:http';
import { freePort } from '../ports.js';

export interface KeystoneStub {
  authUrl: string;
  requests: number;
  /** The user's and the project's domain as the last login named them (by id or by name). */
  lastDomains?: { user?: Domain; project?: Domain };
  stop(): Promise<void>;
}

export interface Domain {
  id?: string;
  name?: string;
}

/** Keystone's default domain, named by its name or by its id. */
const isDefault = (d: Domain | undefined): boolean => d?.name === 'Default' || d?.id === 'default';

/**
 * A minimal Keystone v3 identity endpoint (POST /v3/auth/tokens, password method, project scope) whose
 * catalog points at the real test Swift and whose token is a real Swift token. It checks the request
 * exactly as Keystone would shape-wise; it is no substitute for python3-keystone's policy engine.
 */
export async function startKeystoneStub(opts: {
  user: string;
  password: string;
  project: string;
  storageUrl: string;
  swiftToken: string;
}): Promise<KeystoneStub> {
  const port = await freePort();
  const stub = { authUrl: `http://127.0.0.1:${port}/v3`, requests: 0 } as KeystoneStub;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      stub.requests += 1;
      if (req.method !== 'POST' || req.url !== '/v3/auth/tokens') {
        res.writeHead(404).end();
        return;
      }
      const auth = (
        JSON.parse(body || '{}') as {
          auth?: {
            identity?: {
              methods?: string[];
              password?: { user?: { name?: string; password?: string; domain?: Domain } };
            };
            scope?: { project?: { name?: string; domain?: Domain } };
          };
        }
      ).auth;
      const user = auth?.identity?.password?.user;
      stub.lastDomains = { user: user?.domain, project: auth?.scope?.project?.domain };
      const ok =
        auth?.identity?.methods?.includes('password') &&
        user?.name === opts.user &&
        user.password === opts.password &&
        isDefault(user.domain) &&
        auth.scope?.project?.name === opts.project &&
        isDefault(auth.scope.project.domain);
      if (!ok) {
        res.writeHead(401, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            error: {
              code: 401,
              title: 'Unauthorized',
              message: 'The request you have made requires authentication.',
            },
          }),
        );
        return;
      }
      res.writeHead(201, { 'Content-Type': 'application/json', 'X-Subject-Token': opts.swiftToken });
      res.end(
        JSON.stringify({
          token: {
            methods: ['password'],
            catalog: [
              {
                type: 'identity',
                endpoints: [{ interface: 'public', region: 'RegionOne', url: stub.authUrl }],
              },
              {
                type: 'object-store',
                endpoints: [
                  { interface: 'admin', region: 'RegionOne', url: 'http://127.0.0.1:1/wrong-admin' },
                  { interface: 'internal', region: 'RegionOne', url: opts.storageUrl },
                  { interface: 'public', region: 'RegionOne', url: opts.storageUrl },
                ],
              },
            ],
          },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  stub.stop = () => new Promise((resolve) => server.close(() => resolve()));
  return stub;
}

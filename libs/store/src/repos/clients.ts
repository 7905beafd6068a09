import type { ClientCreate, ClientDoc, ClientHeartbeat, ClientInfo } from '@freezer/schema';
import { and, eq, type SQL } from 'drizzle-orm';
import { type Scope, type StoreContext, newId, parseDoc } from '../context.js';
import { alreadyExists, notFound } from '../errors.js';
import { EMPTY_SEARCH, type Page, type Search } from '../search.js';
import { clients } from '../tables.js';
import { runList } from './list.js';

type ClientRow = typeof clients.$inferSelect;

const CAPABILITY_KEYS = [
  'version',
  'supported_actions',
  'supported_modes',
  'supported_storages',
  'supported_engines',
] as const;

function toDoc(scope: Scope, row: ClientRow): ClientDoc {
  const info = parseDoc<ClientInfo>(row.doc);
  return { project_id: scope.projectId, user_id: scope.userId, client: { ...info, last_seen: row.lastSeen } };
}

export class ClientsRepo {
  constructor(private readonly ctx: StoreContext) {}

  private scopeWhere(scope: Scope): SQL[] {
    return [eq(clients.projectId, scope.projectId), eq(clients.userId, scope.userId)];
  }

  private row(scope: Scope, clientId: string): ClientRow | undefined {
    return this.ctx.db
      .select()
      .from(clients)
      .where(and(...this.scopeWhere(scope), eq(clients.clientId, clientId)))
      .get();
  }

  async get(scope: Scope, clientId: string): Promise<ClientDoc | undefined> {
    const row = this.row(scope, clientId);
    return row && toDoc(scope, row);
  }

  async list(
    scope: Scope,
    search: Search = EMPTY_SEARCH,
    page: Page = { limit: 10, offset: 0 },
  ): Promise<ClientDoc[]> {
    return runList({
      scopeWhere: this.scopeWhere(scope),
      search,
      page,
      canonical: { client_id: clients.clientId, hostname: clients.hostname },
      query: (where, p) => {
        const q = this.ctx.db.select().from(clients).where(where).orderBy(clients.seq);
        return (p ? q.limit(p.limit).offset(p.offset) : q).all();
      },
      toDoc: (row) => toDoc(scope, row),
    });
  }

  /** Registration counts as a sign of life: `last_seen` starts at the registration time. */
  async register(scope: Scope, body: ClientCreate): Promise<string> {
    return this.ctx.db.transaction(() => {
      if (this.row(scope, body.client_id)) {
        throw alreadyExists(`Client already registered with ID ${body.client_id}`);
      }
      const now = this.ctx.now();
      const info: ClientInfo = {
        uuid: body.uuid ?? newId(),
        hostname: body.hostname ?? null,
        client_id: body.client_id,
        description: body.description ?? null,
        last_seen: now,
        registered_at: now,
      };
      for (const key of CAPABILITY_KEYS)
        if (body[key] !== undefined) Object.assign(info, { [key]: body[key] });
      this.ctx.db
        .insert(clients)
        .values({
          projectId: scope.projectId,
          userId: scope.userId,
          clientId: body.client_id,
          uuid: info.uuid,
          hostname: info.hostname,
          lastSeen: now,
          registeredAt: now,
          doc: JSON.stringify(info),
        })
        .run();
      return body.client_id;
    });
  }

  /** Updates `last_seen` and any registration fields given. */
  async heartbeat(scope: Scope, clientId: string, body: ClientHeartbeat): Promise<void> {
    this.ctx.db.transaction(() => {
      const row = this.row(scope, clientId);
      if (!row) throw notFound(`Client not found with ID ${clientId}`);
      const now = this.ctx.now();
      const info = { ...parseDoc<ClientInfo>(row.doc), ...body, last_seen: now };
      this.ctx.db
        .update(clients)
        .set({ lastSeen: now, hostname: info.hostname, doc: JSON.stringify(info) })
        .where(eq(clients.seq, row.seq))
        .run();
    });
  }

  async delete(scope: Scope, clientId: string): Promise<void> {
    this.ctx.db
      .delete(clients)
      .where(and(...this.scopeWhere(scope), eq(clients.clientId, clientId)))
      .run();
  }
}

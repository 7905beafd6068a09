import type { ClientCreate, ClientDoc, ClientHeartbeat, ClientInfo } from '@freezer/schema';
import { and, eq } from 'drizzle-orm';
import { type Scope, type StoreContext, newId, parseDoc } from '../context.js';
import type { Db, Tables } from '../db.js';
import { alreadyExists, notFound } from '../errors.js';
import type { Page, Search } from '../search.js';
import type { clients } from '../tables.js';
import { listDocs, scopedRow, type ListSpecOf } from './doc-table.js';
import type { ListView } from './list-order.js';
import { scopeWhere } from './scope-where.js';

type ClientRow = typeof clients.$inferSelect;

const CAPABILITY_KEYS = [
  'version',
  'supported_actions',
  'supported_modes',
  'supported_storages',
  'supported_engines',
  'time_zone',
] as const;

function toDoc(scope: Scope, row: ClientRow): ClientDoc {
  const info = parseDoc<ClientInfo>(row.doc);
  return { project_id: scope.projectId, user_id: scope.userId, client: { ...info, last_seen: row.lastSeen } };
}

const listing: ListSpecOf<Tables['clients'], ClientDoc> = (t, scope) => ({
  canonical: { client_id: t.clientId, hostname: t.hostname },
  sortable: { client_id: t.clientId, hostname: t.hostname, last_seen: t.lastSeen },
  toDoc: (row) => toDoc(scope, row),
});

export class ClientsRepo {
  constructor(private readonly ctx: StoreContext) {}

  private get t() {
    return this.ctx.t.clients;
  }

  private async row(db: Db, scope: Scope, clientId: string): Promise<ClientRow | undefined> {
    return scopedRow(db, this.t, scope, this.t.clientId, clientId);
  }

  async get(scope: Scope, clientId: string): Promise<ClientDoc | undefined> {
    const row = await this.row(this.ctx.db, scope, clientId);
    return row && toDoc(scope, row);
  }

  async list(scope: Scope, search?: Search, page?: Page, view?: ListView): Promise<ClientDoc[]> {
    return listDocs(this.ctx.db, this.t, scope, { search, page, view }, listing);
  }

  /** Registration counts as a sign of life: `last_seen` starts at the registration time. */
  async register(scope: Scope, body: ClientCreate): Promise<string> {
    return this.ctx.tx(async (db) => {
      if (await this.row(db, scope, body.client_id)) {
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
      await db.insert(this.t).values({
        projectId: scope.projectId,
        userId: scope.userId,
        clientId: body.client_id,
        uuid: info.uuid,
        hostname: info.hostname,
        lastSeen: now,
        registeredAt: now,
        doc: JSON.stringify(info),
      });
      return body.client_id;
    });
  }

  /** Updates `last_seen` and any registration fields given. */
  async heartbeat(scope: Scope, clientId: string, body: ClientHeartbeat): Promise<void> {
    await this.ctx.tx(async (db) => {
      const row = await this.row(db, scope, clientId);
      if (!row) throw notFound(`Client not found with ID ${clientId}`);
      const now = this.ctx.now();
      const info = { ...parseDoc<ClientInfo>(row.doc), ...body, last_seen: now };
      await db
        .update(this.t)
        .set({ lastSeen: now, hostname: info.hostname, doc: JSON.stringify(info) })
        .where(eq(this.t.seq, row.seq));
    });
  }

  async delete(scope: Scope, clientId: string): Promise<void> {
    await this.ctx.tx((db) =>
      db.delete(this.t).where(and(...scopeWhere(this.t, scope), eq(this.t.clientId, clientId))),
    );
  }
}

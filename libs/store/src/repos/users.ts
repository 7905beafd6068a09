import type { ProjectRole, Role, UserDoc } from '@freezer/schema';
import { and, eq, isNull } from 'drizzle-orm';
import { type StoreContext, newId } from '../context.js';
import { alreadyExists, notFound } from '../errors.js';
import type { users } from '../tables.js';

export type UserRow = typeof users.$inferSelect;

export interface NewUser {
  name: string;
  passwordHash: string;
  isAdmin: boolean;
  projects?: ProjectRole[];
}

/** Users and their project memberships. Password hashing happens in the API, never here. */
export class UsersRepo {
  constructor(private readonly ctx: StoreContext) {}

  private get t() {
    return this.ctx.t.users;
  }

  async count(): Promise<number> {
    return (await this.ctx.db.select({ seq: this.t.seq }).from(this.t).limit(1)).length;
  }

  async byName(name: string): Promise<UserRow | undefined> {
    return (await this.ctx.db.select().from(this.t).where(eq(this.t.name, name)).limit(1))[0];
  }

  /** An enabled user by id (disabled users cannot act, whatever token they hold). */
  async activeById(userId: string): Promise<UserRow | undefined> {
    const rows = await this.ctx.db
      .select()
      .from(this.t)
      .where(and(eq(this.t.userId, userId), isNull(this.t.disabledAt)))
      .limit(1);
    return rows[0];
  }

  async memberships(userId: string): Promise<ProjectRole[]> {
    const m = this.ctx.t.projectMembers;
    const rows = await this.ctx.db
      .select({ project_id: m.projectId, role: m.role })
      .from(m)
      .where(eq(m.userId, userId))
      .orderBy(m.projectId);
    return rows.map((r) => ({ project_id: r.project_id, role: r.role as Role }));
  }

  async toDoc(row: UserRow): Promise<UserDoc> {
    return {
      user_id: row.userId,
      name: row.name,
      is_admin: row.isAdmin === 1,
      projects: await this.memberships(row.userId),
      created_at: row.createdAt,
    };
  }

  async create(user: NewUser): Promise<UserDoc> {
    const userId = newId();
    await this.ctx.tx(async (db) => {
      const existing = await db.select().from(this.t).where(eq(this.t.name, user.name)).limit(1);
      if (existing.length > 0) throw alreadyExists(`User already exists with name ${user.name}`);
      await db.insert(this.t).values({
        userId,
        name: user.name,
        passwordHash: user.passwordHash,
        isAdmin: user.isAdmin ? 1 : 0,
        createdAt: this.ctx.now(),
      });
      for (const p of user.projects ?? []) {
        await db.insert(this.ctx.t.projectMembers).values({ userId, projectId: p.project_id, role: p.role });
      }
    });
    const row = await this.activeById(userId);
    if (!row) throw notFound(`User ${userId} vanished`);
    return this.toDoc(row);
  }

  async list(): Promise<UserDoc[]> {
    const rows = await this.ctx.db.select().from(this.t).orderBy(this.t.seq);
    return Promise.all(rows.map((r) => this.toDoc(r)));
  }

  async update(
    userId: string,
    change: { passwordHash?: string; isAdmin?: boolean; disabled?: boolean },
  ): Promise<void> {
    const set: Partial<UserRow> = {};
    if (change.passwordHash !== undefined) set.passwordHash = change.passwordHash;
    if (change.isAdmin !== undefined) set.isAdmin = change.isAdmin ? 1 : 0;
    if (change.disabled !== undefined) set.disabledAt = change.disabled ? this.ctx.now() : null;
    if (Object.keys(set).length === 0) return;
    const done = await this.ctx.tx((db) =>
      db.update(this.t).set(set).where(eq(this.t.userId, userId)).returning({ seq: this.t.seq }),
    );
    if (done.length === 0) throw notFound(`User not found with ID ${userId}`);
  }

  async setMembership(userId: string, projectId: string, role: Role): Promise<void> {
    const m = this.ctx.t.projectMembers;
    await this.ctx.tx(async (db) => {
      const user = await db.select().from(this.t).where(eq(this.t.userId, userId)).limit(1);
      if (user.length === 0) throw notFound(`User not found with ID ${userId}`);
      const where = and(eq(m.userId, userId), eq(m.projectId, projectId));
      const updated = await db.update(m).set({ role }).where(where).returning({ seq: m.seq });
      if (updated.length === 0) await db.insert(m).values({ userId, projectId, role });
    });
  }

  async removeMembership(userId: string, projectId: string): Promise<void> {
    const m = this.ctx.t.projectMembers;
    await this.ctx.tx((db) => db.delete(m).where(and(eq(m.userId, userId), eq(m.projectId, projectId))));
  }
}

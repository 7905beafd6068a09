import { eq, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Scope } from '../context.js';

/** The rows a scope may see: its project, and its own user's rows unless the project is shared. */
export function scopeWhere(table: { projectId: SQLiteColumn; userId: SQLiteColumn }, scope: Scope): SQL[] {
  const where = [eq(table.projectId, scope.projectId)];
  if (!scope.sharedProject) where.push(eq(table.userId, scope.userId));
  return where;
}

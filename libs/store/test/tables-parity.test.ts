import { getTableConfig as pgConfig } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteConfig } from 'drizzle-orm/sqlite-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrationsFolder } from '../src/db.js';
import * as pg from '../src/tables-pg.js';
import * as sqlite from '../src/tables.js';

type Shape = {
  name: string;
  columns: { name: string; notNull: boolean; primary: boolean }[];
  indexes: { name: string; columns: string[]; unique: boolean }[];
};

function shapeOf(config: {
  name: string;
  columns: { name: string; notNull: boolean; primary: boolean }[];
  indexes: { config: { name?: string; columns: unknown[]; unique?: boolean } }[];
}): Shape {
  return {
    name: config.name,
    columns: config.columns.map((c) => ({ name: c.name, notNull: c.notNull, primary: c.primary })),
    indexes: config.indexes
      .map((i) => ({
        name: i.config.name ?? '',
        columns: i.config.columns.map((c) => (c as { name: string }).name),
        unique: i.config.unique ?? false,
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

describe('SQLite and PostgreSQL table definitions', () => {
  it('have the same tables, columns, nullability and indexes', () => {
    const names = Object.keys(sqlite).sort();
    expect(Object.keys(pg).sort()).toEqual(names);
    for (const name of names) {
      const s = shapeOf(sqliteConfig(sqlite[name as keyof typeof sqlite]));
      const p = shapeOf(pgConfig(pg[name as keyof typeof pg]));
      expect(p, name).toEqual(s);
    }
  });

  it('have migration histories with the same steps', () => {
    const tags = (folder: string) =>
      (
        JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as {
          entries: { tag: string }[];
        }
      ).entries.map((e) => e.tag);
    expect(tags(migrationsFolder('drizzle-pg'))).toEqual(tags(migrationsFolder('drizzle')));
  });
});

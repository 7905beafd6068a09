export * from './store.js';
export * from './errors.js';
export * from './search.js';
export { type Scope, type Versioned, newId } from './context.js';
export { openDb, appliedMigrations, migrationsFolder, sqlitePathFromUrl, DEFAULT_DB_PATH } from './db.js';

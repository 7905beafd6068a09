// Vitest globalSetup of the `-pg` test projects: one PostgreSQL cluster for the whole run; tests get
// its URL with inject('freezerPgUrl') and create one database per test API (createDatabase).
import type { TestProject } from 'vitest/node';
import { type PostgresServer, startPostgres } from './servers/postgres.js';
import './vitest-context.js';

let server: PostgresServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  server = await startPostgres();
  project.provide('freezerPgUrl', server.url);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}

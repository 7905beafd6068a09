// --mode postgres against a real Debian PostgreSQL on loopback (the cluster recipe apps/api's tests
// use, @freezer/testkit): pg_dump -Fc streamed into the pipeline, pg_restore back, consistency while
// a writer commits during the dump, clear errors.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresServer, freePort } from '@freezer/testkit';
import { expectConsistentLedger } from './helpers.js';
import { type CliResult, runCli } from '../run-cli.js';

let server: PostgresServer;
let db: pg.Client;
let work: string;

const SCHEMA = `
  DROP TABLE IF EXISTS items, ledger, later;
  CREATE TABLE items (id SERIAL PRIMARY KEY, v INT NOT NULL, pad TEXT);
  CREATE TABLE ledger (id INT PRIMARY KEY, n INT NOT NULL, total BIGINT NOT NULL);
  INSERT INTO ledger VALUES (1, 0, 0);`;

const seed = (n: number, from: number): string => `
  BEGIN;
  INSERT INTO items (v, pad) SELECT g, repeat('s', 200) FROM generate_series(${from}, ${from + n - 1}) g;
  UPDATE ledger SET n = n + ${n}, total = total + ${((from + from + n - 1) * n) / 2} WHERE id = 1;
  COMMIT;`;

interface State {
  count: number;
  sum: number;
  ledger: string;
  digest: string;
}

async function state(client: pg.Client): Promise<State> {
  const rows = await client.query<{ count: string; sum: string; ledger: string; digest: string }>(`
    SELECT (SELECT count(*) FROM items) AS count, (SELECT coalesce(sum(v), 0) FROM items) AS sum,
           (SELECT n || ' ' || total FROM ledger WHERE id = 1) AS ledger,
           (SELECT md5(string_agg(id || ':' || v || ':' || pad, ',' ORDER BY id)) FROM items) AS digest`);
  const r = rows.rows[0] as { count: string; sum: string; ledger: string; digest: string };
  return { count: Number(r.count), sum: Number(r.sum), ledger: r.ledger, digest: r.digest };
}

function conf(o: Partial<{ port: number; db: string }> = {}): string {
  const file = join(work, `pg-${Math.random().toString(36).slice(2)}.conf`);
  const lines = [
    'host = 127.0.0.1',
    `port = ${o.port ?? server.port}`,
    'user = freezer',
    'password = freezer',
  ];
  writeFileSync(file, [...lines, `db = ${o.db ?? 'freezer'}`, ''].join('\n'));
  return file;
}

const common = (name: string): string[] => ['-C', join(work, 'repo'), '-N', name, '--hostname', 'pg1'];

/** A restore of the point `name` back into the test server, through --mode postgres and its conf file. */
const restoreDump = (name: string): Promise<CliResult> =>
  runCli(['--action', 'restore', '--mode', 'postgres', '--postgres-conf', conf(), ...common(name)]);

beforeAll(async () => {
  server = await startPostgres();
  db = new pg.Client({ connectionString: server.url });
  await db.connect();
  work = mkdtempSync(join(tmpdir(), 'fz-pgmode-'));
});

afterAll(async () => {
  await db?.end();
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('--mode postgres', () => {
  it('restores exactly the dumped tables as they were at the first point', async () => {
    await db.query(`${SCHEMA} ${seed(2_000, 1)}`);
    const first = await state(db);
    const backup = await runCli([
      '--mode',
      'postgres',
      '--postgres-conf',
      conf(),
      ...common('pg'),
      '--metadata-out',
      '-',
    ]);
    expect(backup.code, backup.stderr).toBe(0);
    const meta = JSON.parse(backup.stdout) as { mode: string; bytes_read: number };
    expect(meta.mode).toBe('postgres');
    expect(meta.bytes_read).toBeGreaterThan(100_000);

    await db.query(`${seed(500, 2_001)} DELETE FROM items WHERE id < 100; CREATE TABLE later (x INT);`);
    expect((await state(db)).count).toBe(2_401);

    const restore = await restoreDump('pg');
    expect(restore.code, restore.stderr).toBe(0);
    expect(await state(db)).toEqual(first);
    // pg_restore --clean replaces what the dump holds; objects created later are left (documented).
    expect((await db.query("SELECT 1 FROM pg_tables WHERE tablename = 'later'")).rowCount).toBe(1);
  });

  it('a database written to during pg_dump restores to one consistent state', async () => {
    await db.query(`${SCHEMA} ${seed(50_000, 1)}`);
    const writer = new pg.Client({ connectionString: server.url });
    await writer.connect();
    let written = 0;
    let running = true;
    const loop = (async () => {
      while (running) {
        const k = written + 1;
        await writer.query(
          `BEGIN; INSERT INTO items (v, pad) VALUES (${k}, 'w'); UPDATE ledger SET n = n + 1, total = total + ${k} WHERE id = 1; COMMIT;`,
        );
        written = k;
      }
    })();
    try {
      while (written < 5) await new Promise((r) => setTimeout(r, 10));
      const before = (await state(db)).count;
      const started = written;
      const backup = await runCli(['--mode', 'postgres', '--postgres-conf', conf(), ...common('pg-busy')]);
      const during = written - started;
      running = false;
      await loop;
      const after = (await state(db)).count;
      expect(backup.code, backup.stderr).toBe(0);
      expect(during).toBeGreaterThan(0);

      const restore = await restoreDump('pg-busy');
      expect(restore.code, restore.stderr).toBe(0);
      const restored = await state(db);
      expectConsistentLedger(restored, before, after);
    } finally {
      running = false;
      await loop.catch(() => undefined);
      await writer.end();
    }
  });

  it('a dump is restored only with --mode postgres and its conf: one clear line otherwise', async () => {
    const r = await runCli(['--action', 'restore', '--restore-abs-path', join(work, 'x'), ...common('pg')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /this backup is a postgres dump: restore it with --mode postgres --postgres-conf FILE/,
    );
  });

  const errors: [string, () => Promise<string[]>, RegExp, number][] = [
    ['missing --postgres-conf', () => Promise.resolve([]), /--mode postgres needs --postgres-conf/, 2],
    [
      'server unreachable',
      async () => ['--postgres-conf', conf({ port: await freePort() })],
      /pg_dump failed \(exit 1\): .*Connection refused/,
      1,
    ],
    [
      'no such database',
      () => Promise.resolve(['--postgres-conf', conf({ db: 'nope' })]),
      /pg_dump failed .*database "nope" does not exist/,
      1,
    ],
  ];
  for (const [title, args, message, code] of errors) {
    it(`error: ${title}`, async () => {
      const r = await runCli(['--mode', 'postgres', ...(await args()), ...common('pg-err')]);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.code).toBe(code);
    });
  }
});

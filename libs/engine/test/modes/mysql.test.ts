// --mode mysql against a real MariaDB on loopback: the streaming dump (mariadb-dump
// --single-transaction) and the seed's FLUSH TABLES WITH READ LOCK + copy method, round trips to the
// exact first point, consistency under concurrent writes, cleanup after failures, clear errors.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MysqlSession } from '../../src/modes/mysql-session.js';
import { type CliResult, runCli, runRestore } from '../run-cli.js';
import { startMariadb, startMariadbOn, type MariaServer, freePort, makeFakeLvm } from '@freezer/testkit';
import { expectConsistentLedger, ledgerWriter, withTmpdir } from './helpers.js';

let server: MariaServer & { dir: string };
let work: string;

const SCHEMA = `
  CREATE DATABASE shop;
  CREATE TABLE shop.items (id INT AUTO_INCREMENT PRIMARY KEY, v INT NOT NULL, pad VARCHAR(200)) ENGINE=InnoDB;
  CREATE TABLE shop.ledger (id INT PRIMARY KEY, n INT NOT NULL, total BIGINT NOT NULL) ENGINE=InnoDB;
  INSERT INTO shop.ledger VALUES (1, 0, 0);`;

/** Adds `n` rows in one transaction, keeping the ledger (row count and sum) in step. */
const seed = (n: number, from: number): string => `
  START TRANSACTION;
  INSERT INTO shop.items (v, pad) SELECT seq, REPEAT('s', 200) FROM shop.seq_${from}_to_${from + n - 1};
  UPDATE shop.ledger SET n = n + ${n}, total = total + ${((from + from + n - 1) * n) / 2} WHERE id = 1;
  COMMIT;`;

const WRITE_ONE = (k: number): string =>
  `START TRANSACTION; INSERT INTO shop.items (v, pad) VALUES (${k}, REPEAT('w', 200));` +
  ` UPDATE shop.ledger SET n = n + 1, total = total + ${k} WHERE id = 1; COMMIT`;

interface State {
  count: number;
  sum: number;
  ledger: string;
  checksum: string;
}

async function state(db: Pick<MariaServer, 'sql'>): Promise<State> {
  const [count = '0', sum = '0'] = (
    await db.sql('SELECT COUNT(*), COALESCE(SUM(v), 0) FROM shop.items')
  ).split('\t');
  const ledger = (await db.sql('SELECT n, total FROM shop.ledger WHERE id = 1')).replace('\t', ' ');
  const checksum = (await db.sql('CHECKSUM TABLE shop.items EXTENDED')).split('\t')[1] ?? '';
  return { count: Number(count), sum: Number(sum), ledger, checksum };
}

function conf(extra: Partial<{ port: number; password: string; host: string }> = {}): string {
  const file = join(work, `my-${Math.random().toString(36).slice(2)}.conf`);
  writeFileSync(
    file,
    [
      '[default]',
      `host = ${extra.host ?? '127.0.0.1'}`,
      `port = ${extra.port ?? server.port}`,
      'user = freezer',
      `password = ${extra.password ?? 'secret'}`,
      'db = shop',
      '',
    ].join('\n'),
  );
  return file;
}

const common = (name: string): string[] => ['-C', join(work, 'repo'), '-N', name, '--hostname', 'db1'];

/** A restore of the point `name` back into the test server, through --mode mysql and its conf file. */
const restoreDump = (name: string): Promise<CliResult> =>
  runCli(['--action', 'restore', '--mode', 'mysql', '--mysql-conf', conf(), ...common(name)]);

beforeAll(async () => {
  server = await startMariadb();
  work = mkdtempSync(join(tmpdir(), 'fz-mysql-'));
});

afterAll(async () => {
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('--mode mysql, streaming dump', () => {
  it('restores exactly the first point: rows written later and tables created later are gone', async () => {
    await server.sql(`DROP DATABASE IF EXISTS shop; ${SCHEMA} ${seed(500, 1)}`);
    const first = await state(server);
    const backup = await runCli([
      '--mode',
      'mysql',
      '--mysql-conf',
      conf(),
      ...common('dump'),
      '--metadata-out',
      '-',
    ]);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    const meta = JSON.parse(backup.stdout) as { mode: string; files: number; bytes_read: number };
    expect(meta.mode).toBe('mysql');
    expect(meta.bytes_read).toBeGreaterThan(100_000);

    await server.sql(
      `${seed(300, 501)} CREATE TABLE shop.later (x INT); DELETE FROM shop.items WHERE id < 10;`,
    );
    expect((await state(server)).count).toBe(791);

    const restore = await restoreDump('dump');
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(await state(server)).toEqual(first);
    expect(await server.sql("SHOW TABLES FROM shop LIKE 'later'")).toBe('');
  });

  it('a database written to during the dump restores to one consistent state', async () => {
    await server.sql(`DROP DATABASE IF EXISTS shop; ${SCHEMA} ${seed(20_000, 1)}`);
    const writer = await ledgerWriter(server, WRITE_ONE);
    const before = (await state(server)).count;
    const started = writer.written();
    const backup = await runCli(['--mode', 'mysql', '--mysql-conf', conf(), ...common('busy')]);
    const during = writer.written() - started;
    await writer.stop();
    const after = (await state(server)).count;
    expect(backup.code, backup.stderr).toBe(0);
    expect(during).toBeGreaterThan(0);

    const restore = await restoreDump('busy');
    expect(restore.code, restore.stderr).toBe(0);
    const restored = await state(server);
    expectConsistentLedger(restored, before, after);
  });
});

describe('--mode mysql --path-to-backup <datadir>: FLUSH TABLES WITH READ LOCK and a copy', () => {
  it('restores the first point into a new data directory that a server starts on', async () => {
    await server.sql(`DROP DATABASE IF EXISTS shop; ${SCHEMA} ${seed(500, 1)}`);
    const first = await state(server);
    const tmp = mkdtempSync(join(work, 'tmp-'));
    const backup = await withTmpdir(tmp, () =>
      runCli([
        '--mode',
        'mysql',
        '--mysql-conf',
        conf(),
        '--path-to-backup',
        server.datadir,
        ...common('files'),
      ]),
    );
    expect(backup.code, backup.stderr).toBe(0);
    expect(readdirSync(tmp)).toEqual([]);
    await server.sql(seed(100, 501));

    const target = join(work, 'restored-files');
    const restore = await runRestore(['--mode', 'mysql'], target, ...common('files'));
    expect(restore.code, restore.stderr).toBe(0);
    const copy = await startMariadbOn(target, mkdtempSync(join(work, 'copy-')));
    try {
      expect(await state(copy)).toEqual(first);
    } finally {
      await copy.stop();
    }
  });

  it('under concurrent writes the copy restores to one consistent state', async () => {
    await server.sql(`DROP DATABASE IF EXISTS shop; ${SCHEMA} ${seed(5_000, 1)}`);
    const writer = await ledgerWriter(server, WRITE_ONE);
    const before = (await state(server)).count;
    const started = writer.written();
    const backup = await runCli([
      '--mode',
      'mysql',
      '--mysql-conf',
      conf(),
      '-F',
      server.datadir,
      ...common('files-busy'),
    ]);
    const during = writer.written() - started;
    await writer.stop();
    const after = (await state(server)).count;
    expect(backup.code, backup.stderr).toBe(0);
    expect(during).toBeGreaterThan(0);

    const target = join(work, 'restored-busy');
    const restore = await runRestore(common('files-busy'), target);
    expect(restore.code, restore.stderr).toBe(0);
    const copy = await startMariadbOn(target, mkdtempSync(join(work, 'copy-')));
    try {
      const restored = await state(copy);
      expectConsistentLedger(restored, before, after);
      expect(await copy.sql('CHECK TABLE shop.items')).toMatch(/status\tOK/);
    } finally {
      await copy.stop();
    }
  });

  it('a failure after the copy leaves no lock and no temp copy behind', async () => {
    const tmp = mkdtempSync(join(work, 'tmp-'));
    const r = await withTmpdir(tmp, () =>
      runCli([
        '--mode',
        'mysql',
        '--mysql-conf',
        conf(),
        '-F',
        server.datadir,
        ...common('fails'),
        // read inside the backup, after the lock and the copy: the run fails mid-way
        '--encrypt-pass-file',
        join(work, 'no-such-key'),
        '--log-file',
        join(tmp, '..', 'fails.log'),
      ]),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no-such-key/);
    const log = readFileSync(join(tmp, '..', 'fails.log'), 'utf8');
    expect(log).toMatch(/FLUSH TABLES WITH READ LOCK held[\s\S]*consistent copy of[\s\S]*tables unlocked/);
    // One line for the error; a copy taken again (InnoDB checkpointed during it) adds a warning.
    expect(
      r.stderr
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('warning: ')),
    ).toHaveLength(1);
    expect(readdirSync(tmp)).toEqual([]);
    await expectNoGlobalLock(server);
  });

  it('a failing LVM snapshot while the lock is held unlocks and removes nothing it did not create', async () => {
    const lvm = makeFakeLvm(work, { fail: 'lvcreate' });
    const r = await lvm.run(() =>
      runCli([
        '--mode',
        'mysql',
        '--mysql-conf',
        conf(),
        '-F',
        server.datadir,
        '--lvm-srcvol',
        '/dev/vg0/data',
        '--lvm-dirmount',
        join(work, 'snapmount'),
        ...common('lvm-fails'),
      ]),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/lvcreate failed \(exit 5\)/);
    expect(lvm.calls().map((c) => c[0])).toEqual(['sync', 'lvs', 'vgs', 'lvcreate']);
    expect(readdirSync(work)).not.toContain('snapmount');
    await expectNoGlobalLock(server);
  });
});

describe('--mode mysql errors: one line, exit 1 (a missing option: usage, exit 2)', () => {
  const cases: [string, () => Promise<string[]>, RegExp][] = [
    ['missing --mysql-conf', () => Promise.resolve([]), /--mode mysql needs --mysql-conf/],
    [
      'unreadable conf file',
      () => Promise.resolve(['--mysql-conf', join(work, 'nope.conf')]),
      /cannot read it \(ENOENT\)/,
    ],
    [
      'server unreachable',
      async () => ['--mysql-conf', conf({ port: await freePort() })],
      /Can't connect to server/,
    ],
    [
      'wrong password',
      () => Promise.resolve(['--mysql-conf', conf({ password: 'wrong' })]),
      /Access denied for user 'freezer'/,
    ],
  ];
  for (const [title, args, message] of cases) {
    it(title, async () => {
      for (const files of [false, true]) {
        const extra = await args();
        const r = await runCli([
          '--mode',
          'mysql',
          ...extra,
          ...(files ? ['-F', server.datadir] : []),
          ...common('err'),
        ]);
        expect(r.stderr).toMatch(message);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.code).toBe(extra.length === 0 ? 2 : 1);
      }
    });
  }
});

/** Without a global read lock a write goes through at once (lock_wait_timeout would fail it otherwise). */
async function expectNoGlobalLock(db: MariaServer): Promise<void> {
  const session = MysqlSession.open('mariadb', {
    conf: {},
    args: ['--no-defaults', `--socket=${db.socket}`, '-uroot'],
    env: {},
  });
  try {
    await session.query(
      'SET SESSION lock_wait_timeout = 3; CREATE DATABASE IF NOT EXISTS lockcheck; DROP DATABASE lockcheck',
    );
  } finally {
    await session.close();
  }
}

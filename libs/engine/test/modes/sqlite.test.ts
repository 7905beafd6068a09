// --mode sqlite: SQLite's online backup API on a live database that another process writes to
// (WAL and rollback-journal modes), restore, overwrite rules, and no temp file left behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.js';
import { expectConsistentLedger, withTmpdir } from './helpers.js';

const BETTER_SQLITE3 = createRequire(import.meta.url).resolve('better-sqlite3');
let work: string;

/** A separate process committing (insert + ledger update) transactions until killed. */
const WRITER = `
const Db = require(${JSON.stringify(BETTER_SQLITE3)});
const db = new Db(process.argv[1], { timeout: 10000 });
const ins = db.prepare("INSERT INTO items (v, pad) VALUES (?, 'w')");
const up = db.prepare('UPDATE ledger SET n = n + 1, total = total + ? WHERE id = 1');
const tx = db.transaction((k) => { ins.run(k); up.run(k); });
const pause = new Int32Array(new SharedArrayBuffer(4));
let k = 0;
for (;;) { tx(++k); if (k === 1) process.stdout.write('ready\\n'); Atomics.wait(pause, 0, 0, 1); }
`;

function startWriter(file: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', WRITER, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout?.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`writer exited ${code}`)));
  });
}

async function stopWriter(child: ChildProcess): Promise<void> {
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await gone;
}

function createDb(file: string, journal: 'wal' | 'delete', rows: number): void {
  const db = new Database(file);
  db.pragma(`journal_mode = ${journal}`);
  db.exec(`CREATE TABLE items (id INTEGER PRIMARY KEY, v INT NOT NULL, pad TEXT);
           CREATE TABLE ledger (id INT PRIMARY KEY, n INT NOT NULL, total INT NOT NULL);
           INSERT INTO ledger VALUES (1, 0, 0);`);
  const ins = db.prepare('INSERT INTO items (v, pad) VALUES (?, hex(randomblob(100)))');
  db.transaction(() => {
    for (let k = 1; k <= rows; k++) ins.run(k);
    db.prepare('UPDATE ledger SET n = ?, total = ? WHERE id = 1').run(rows, (rows * (rows + 1)) / 2);
  })();
  db.close();
}

interface State {
  count: number;
  sum: number;
  ledger: string;
  integrity: string;
}

function state(file: string): State {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const r = db.prepare('SELECT count(*) AS c, coalesce(sum(v), 0) AS s FROM items').get() as {
      c: number;
      s: number;
    };
    const l = db.prepare('SELECT n, total FROM ledger WHERE id = 1').get() as { n: number; total: number };
    const integrity =
      (db.pragma('integrity_check') as { integrity_check: string }[])[0]?.integrity_check ?? '';
    return { count: r.c, sum: r.s, ledger: `${l.n} ${l.total}`, integrity };
  } finally {
    db.close();
  }
}

const common = (name: string): string[] => ['-C', join(work, 'repo'), '-N', name, '--hostname', 'lite'];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'fz-sqlite-'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('--mode sqlite', () => {
  for (const journal of ['wal', 'delete'] as const) {
    it(`a live ${journal}-mode database written by another process restores consistent`, async () => {
      const file = join(work, `live-${journal}.db`);
      createDb(file, journal, 30_000);
      const writer = await startWriter(file);
      const tmp = mkdtempSync(join(work, 'tmp-'));
      try {
        const before = state(file).count;
        const r = await withTmpdir(tmp, () =>
          runCli(['--mode', 'sqlite', '-F', file, ...common(`live-${journal}`), '--metadata-out', '-']),
        );
        const after = state(file).count;
        expect(r.code, r.stderr).toBe(0);
        expect(after).toBeGreaterThan(before);
        expect((JSON.parse(r.stdout) as { mode: string }).mode).toBe('sqlite');
        expect(readdirSync(tmp)).toEqual([]);

        // An existing directory gets the database under its own name; any other path is the file.
        const out = mkdtempSync(join(work, `restored-${journal}-`));
        const restore = await runCli([
          '--action',
          'restore',
          '--restore-abs-path',
          out,
          ...common(`live-${journal}`),
        ]);
        expect(restore.code, restore.stderr).toBe(0);
        expect(readdirSync(out)).toEqual([`live-${journal}.db`]);
        const restored = state(join(out, `live-${journal}.db`));
        expect(restored.integrity).toBe('ok');
        expectConsistentLedger(restored, before, after);
      } finally {
        await stopWriter(writer);
      }
    });
  }

  it('restores the first point over a changed file only with --overwrite, dropping a stale -wal', async () => {
    const file = join(work, 'app.db');
    createDb(file, 'wal', 100);
    const first = state(file);
    expect((await runCli(['--mode', 'sqlite', '-F', file, ...common('app')])).code).toBe(0);
    const db = new Database(file);
    db.prepare("INSERT INTO items (v, pad) VALUES (7, 'later')").run();
    db.close();
    writeFileSync(`${file}-wal`, 'stale journal of the replaced file');

    const refused = await runCli(['--action', 'restore', '--restore-abs-path', file, ...common('app')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/exists: use --overwrite/);
    const r = await runCli([
      '--action',
      'restore',
      '--restore-abs-path',
      file,
      '--overwrite',
      ...common('app'),
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(state(file)).toEqual(first);
    expect(readdirSync(work).filter((n) => n.includes('.freezer-'))).toEqual([]);
  });

  it('a failure mid-way leaves no temp copy; not a database: one clear line', async () => {
    const file = join(work, 'fail.db');
    createDb(file, 'delete', 10);
    const tmp = mkdtempSync(join(work, 'tmp-'));
    const r = await withTmpdir(tmp, () =>
      runCli([
        '--mode',
        'sqlite',
        '-F',
        file,
        '--encrypt-pass-file',
        join(work, 'no-key'),
        ...common('fail'),
      ]),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no-key/);
    expect(readdirSync(tmp)).toEqual([]);

    const junk = join(work, 'junk.db');
    writeFileSync(
      junk,
      'this is not an SQLite database, just text that is long enough to look like a header',
    );
    const bad = await withTmpdir(tmp, () => runCli(['--mode', 'sqlite', '-F', junk, ...common('junk')]));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^freezer-agent: error: sqlite .*junk\.db: file is not a database\n$/);
    expect(readdirSync(tmp)).toEqual([]);
  });
});

// A drill of a MariaDB data directory backup (FLUSH TABLES WITH READ LOCK + copy): the probe starts
// mariadbd on the restored copy in the sandbox and queries it.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DrillReport } from '@freezer/schema';
import { startMariadb, type MariaServer } from '@freezer/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type CliResult, runCli, runDrill } from '../run-cli.js';

const PROBE = fileURLToPath(new URL('../fixtures/mariadb-drill-probe.sh', import.meta.url));
let server: MariaServer & { dir: string };
let work: string;

beforeAll(async () => {
  server = await startMariadb();
  work = mkdtempSync(join(tmpdir(), 'fz-mysql-drill-'));
});

afterAll(async () => {
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

it('a MariaDB datadir backup drills: mariadbd starts on the sandbox and the probe query sees the rows', async () => {
  await server.sql(
    'CREATE DATABASE shop; CREATE TABLE shop.items (id INT PRIMARY KEY, v INT) ENGINE=InnoDB;' +
      ' INSERT INTO shop.items SELECT seq, seq * 2 FROM shop.seq_1_to_300;',
  );
  const conf = join(work, 'my.conf');
  writeFileSync(
    conf,
    `[default]\nhost = 127.0.0.1\nport = ${server.port}\nuser = freezer\npassword = secret\n`,
  );
  const common = ['-C', join(work, 'repo'), '-N', 'db', '--hostname', 'db1'];
  const backup = await runCli([
    '--mode',
    'mysql',
    '--mysql-conf',
    conf,
    '--path-to-backup',
    server.datadir,
    ...common,
  ]);
  expect(backup.code, backup.stderr).toBe(0);
  await server.sql('INSERT INTO shop.items VALUES (1000, 1)'); // after the backup: not in the drill

  const drills = join(work, 'drills');
  const drill = (query: string): Promise<CliResult> =>
    runDrill(common, drills, '--drill-probe', `sh ${PROBE} "${query}"`);

  const ok = await drill('SELECT COUNT(*), SUM(v) FROM shop.items');
  expect(ok.code, ok.stderr).toBe(0);
  const report = DrillReport.parse(JSON.parse(ok.stdout));
  expect(report).toMatchObject({
    result: 'success',
    catalog: true,
    mismatch_count: 0,
    probe: { exit_code: 0 },
  });
  expect(report.probe?.output_tail).toMatch(/^300\t90300$/m);

  const bad = await drill('SELECT * FROM shop.missing_table');
  expect(bad.code).toBe(1);
  const failed = DrillReport.parse(JSON.parse(bad.stdout));
  expect(failed).toMatchObject({ result: 'fail', error: 'probe exited with 1' });
  expect(failed.probe?.output_tail).toContain("Table 'shop.missing_table' doesn't exist");
  expect(readdirSync(drills)).toEqual([]);
});

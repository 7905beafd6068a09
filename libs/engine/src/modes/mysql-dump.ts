import type { AgentOptions } from '../agent-options.js';
import { childOutput, feedChild } from './child-stream.js';
import type { PreparedSource, StreamRestorer } from './mode.js';
import { mysqlClient, mysqlConnection, mysqlDump } from './mysql-client.js';

/**
 * Method (b): `mariadb-dump --single-transaction` streamed into the codec. InnoDB tables are read in
 * one consistent-snapshot transaction without locking writers. `--add-drop-database` makes a restore
 * bring the database back exactly (tables created after the backup go too).
 */
export function prepareMysqlDump(o: AgentOptions): Promise<PreparedSource> {
  const { conf, args, env } = mysqlConnection(o);
  const what = conf.db ? ['--add-drop-database', '--databases', conf.db] : ['--all-databases'];
  const dump = childOutput({
    command: mysqlDump(),
    args: [
      ...args,
      '--single-transaction',
      '--quick',
      '--routines',
      '--triggers',
      '--events',
      '--hex-blob',
      '--default-character-set=utf8mb4',
      ...what,
    ],
    env,
    what: 'mariadb-dump',
  });
  return Promise.resolve({
    source: {
      kind: 'stream',
      input: { format: 'mysql-sql', stream: dump.stream, describe: conf.db ?? 'all databases' },
    },
    release: () => Promise.resolve(dump.stop()),
  });
}

/** The SQL dump fed to the `mariadb` client, which stops at the first error (exit 1, its message). */
export const mysqlRestorer: StreamRestorer = {
  format: 'mysql-sql',
  async restore(o, data, _log, source) {
    const { args, env } = mysqlConnection(o);
    await feedChild(
      {
        command: mysqlClient(),
        args: [...args, '--batch', '--default-character-set=utf8mb4'],
        env,
        what: 'mariadb',
      },
      data,
    );
    return { target: `MySQL ${source ?? 'server'}` };
  },
};

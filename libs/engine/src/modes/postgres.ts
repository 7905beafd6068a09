import type { AgentOptions } from '../agent-options.js';
import { childOutput, feedChild, type ChildSpec } from './child-stream.js';
import { readDbConf, type DbConf } from './db-conf.js';
import type { BackupMode, PreparedSource, StreamRestorer } from './mode.js';
import { findProgram } from './programs.js';

function connection(o: AgentOptions): { conf: DbConf; args: string[]; env: Record<string, string> } {
  const conf = readDbConf(o.modes.postgresConf as string, 'postgres-conf');
  const args = ['--no-password'];
  if (conf.host ?? conf.socket) args.push('--host', (conf.socket ?? conf.host) as string);
  if (conf.port) args.push('--port', String(conf.port));
  if (conf.user) args.push('--username', conf.user);
  // libpq reads the password from the environment; on the command line `ps` would show it.
  const env: Record<string, string> = conf.password ? { PGPASSWORD: conf.password } : {};
  return { conf, args, env };
}

function database(conf: DbConf): string {
  return conf.db ?? conf.user ?? 'postgres';
}

/**
 * `pg_dump --format=custom` streamed straight into the codec (no temp file). pg_dump takes its own
 * snapshot (one repeatable-read transaction), so writers keep going and the dump is one consistent state.
 * `-Z0`: the codec compresses (zstd on both cores) — compressing twice only costs CPU.
 */
export const postgresMode: BackupMode = {
  name: 'postgres',
  prepare(o: AgentOptions): Promise<PreparedSource> {
    const { conf, args, env } = connection(o);
    const db = database(conf);
    const spec: ChildSpec = {
      command: findProgram(['pg_dump'], 'postgresql-client'),
      args: ['--format=custom', '-Z0', ...args, '--dbname', db],
      env,
      what: 'pg_dump',
    };
    const dump = childOutput(spec);
    return Promise.resolve({
      source: { kind: 'stream', input: { format: 'pg_dump-custom', stream: dump.stream, describe: db } },
      release: () => Promise.resolve(dump.stop()),
    });
  },
};

/**
 * `pg_restore` from stdin into the configured database: the dumped objects are dropped and re-created
 * (`--clean --if-exists`) in one transaction, so a failed restore leaves the database as it was.
 */
export const postgresRestorer: StreamRestorer = {
  format: 'pg_dump-custom',
  async restore(o, data) {
    const { conf, args, env } = connection(o);
    const db = database(conf);
    await feedChild(
      {
        command: findProgram(['pg_restore'], 'postgresql-client'),
        args: ['--clean', '--if-exists', '--single-transaction', '--exit-on-error', ...args, '--dbname', db],
        env,
        what: 'pg_restore',
      },
      data,
    );
    return { target: `PostgreSQL database ${db}` };
  },
};

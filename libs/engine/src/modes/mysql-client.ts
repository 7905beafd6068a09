import type { AgentOptions } from '../agent-options.js';
import { readDbConf, type DbConf } from './db-conf.js';
import { findProgram } from './programs.js';

export interface MysqlConnection {
  conf: DbConf;
  /** Connection arguments common to mariadb, mariadb-dump (mysql, mysqldump). */
  args: string[];
  env: Record<string, string>;
}

/** --mysql-conf → client arguments; the password travels in MYSQL_PWD, never on the command line. */
export function mysqlConnection(o: AgentOptions): MysqlConnection {
  const conf = readDbConf(o.modes.mysqlConf as string, 'mysql-conf');
  // --no-defaults first: a ~/.my.cnf must not silently change which server is backed up.
  const args = ['--no-defaults'];
  if (conf.socket) args.push(`--socket=${conf.socket}`);
  else {
    args.push(`--host=${conf.host ?? '127.0.0.1'}`, '--protocol=TCP');
    if (conf.port) args.push(`--port=${conf.port}`);
  }
  if (conf.user) args.push(`--user=${conf.user}`);
  return { conf, args, env: conf.password ? { MYSQL_PWD: conf.password } : {} };
}

export const mysqlClient = (): string => findProgram(['mariadb', 'mysql'], 'mariadb-client');
export const mysqlDump = (): string => findProgram(['mariadb-dump', 'mysqldump'], 'mariadb-client');

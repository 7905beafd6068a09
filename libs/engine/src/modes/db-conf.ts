import { readFileSync } from 'node:fs';
import { AgentError, UsageError } from '../errors.js';
import { parseIni } from '../ini.js';

/** Connection settings of --mysql-conf / --postgres-conf (the seed's INI: host, user, password, port, db). */
export interface DbConf {
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  db?: string;
  socket?: string;
}

const DB_KEYS = ['db', 'db_name', 'dbname', 'database'];

/** Reads the file; keys may sit in [default], another section, or before any section. */
export function readDbConf(file: string, option: string): DbConf {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    // A runtime failure (exit 1), not a usage error: the same job worked while the file was there.
    throw new AgentError(
      `--${option} ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  const ini = parseIni(text, file);
  const values = new Map(ini.defaults);
  for (const section of ini.sections.values())
    for (const [k, v] of section) if (!values.has(k)) values.set(k, v);
  const get = (...keys: string[]): string | undefined => {
    for (const key of keys) {
      const v = values.get(key);
      if (v !== undefined && v !== '') return v;
    }
    return undefined;
  };
  const portText = get('port');
  if (portText !== undefined && !/^\d+$/.test(portText))
    throw new UsageError(`--${option} ${file}: port "${portText}" is not a number`);
  return {
    host: get('host'),
    port: portText === undefined ? undefined : Number(portText),
    user: get('user', 'username'),
    password: get('password', 'passwd'),
    db: get(...DB_KEYS),
    socket: get('socket', 'unix_socket'),
  };
}

import { AgentError } from '../errors.js';
import type { BackupRecord } from '../repository/backup-record.js';
import type { Logger } from '../logger.js';
import type { AgentOptions } from '../agent-options.js';
import type { StreamFormat, StreamRestorer } from './mode.js';
import { cinderRestorer } from './cinder.js';
import { glanceRestorer } from './glance.js';
import { mysqlRestorer } from './mysql-dump.js';
import { novaRestorer } from './nova.js';
import { postgresRestorer } from './postgres.js';
import { sqliteRestorer } from './sqlite.js';

const RESTORERS: Record<StreamFormat, StreamRestorer> = {
  'sqlite-db': sqliteRestorer,
  'pg_dump-custom': postgresRestorer,
  'mysql-sql': mysqlRestorer,
  'glance-image': glanceRestorer,
  'cinder-volume': cinderRestorer,
  'nova-instance': novaRestorer,
};

const NEEDS: Record<StreamFormat, string> = {
  'sqlite-db': '--restore-abs-path (the database file to write)',
  'pg_dump-custom': '--mode postgres --postgres-conf FILE',
  'mysql-sql': '--mode mysql --mysql-conf FILE',
  'glance-image': '--mode glance (and the OS_* variables of the cloud)',
  'cinder-volume': '--mode cinder (and the OS_* variables of the cloud)',
  'nova-instance': '--mode nova (and the OS_* variables of the cloud)',
};

/** Whether the options name where a dump of each format goes. */
const CAN_RESTORE: Record<StreamFormat, (o: AgentOptions) => boolean> = {
  'sqlite-db': (o) => o.restoreAbsPath !== undefined,
  'pg_dump-custom': (o) => o.modes.mode === 'postgres' && o.modes.postgresConf !== undefined,
  'mysql-sql': (o) => o.modes.mode === 'mysql' && o.modes.mysqlConf !== undefined,
  'glance-image': (o) => o.modes.mode === 'glance',
  'cinder-volume': (o) => o.modes.mode === 'cinder',
  'nova-instance': (o) => o.modes.mode === 'nova',
};

/**
 * Restore of a point whose `data` is a database dump: handed to its mode's restorer. Returns undefined
 * for a tar archive (restored as files by the caller) after checking it has a directory to go to.
 * `open` decodes the (already verified) data only when it is needed.
 */
export async function restoreDump(
  o: AgentOptions,
  record: BackupRecord | undefined,
  open: () => AsyncIterable<Uint8Array>,
  log: Logger,
): Promise<{ bytesRestored: number; files: number } | undefined> {
  const format = record?.data_format;
  if (format === undefined || format === 'tar') {
    if (!o.restoreAbsPath) {
      throw new AgentError(
        'this backup is a copy of files (a data directory): give --restore-abs-path, with the server stopped',
      );
    }
    return undefined;
  }
  const restorer = RESTORERS[format];
  if (!restorer) throw new AgentError(`backup data format "${String(format)}" is not known to this agent`);
  const modeOk = CAN_RESTORE[format](o);
  if (!modeOk)
    throw new AgentError(`this backup is a ${record?.mode ?? ''} dump: restore it with ${NEEDS[format]}`);
  let bytesRestored = 0;
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of open()) {
      bytesRestored += chunk.length;
      yield chunk;
    }
  }
  const { target } = await restorer.restore(o, counted(), log, record?.data_source);
  log.info(`restored ${record?.mode ?? ''} dump (${bytesRestored} bytes) into ${target}`);
  return { bytesRestored, files: 1 };
}

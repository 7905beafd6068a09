import { AgentError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { AgentOptions } from '../agent-options.js';
import { treeSource } from '../snapshot/tree-source.js';
import type { PreparedSource } from './mode.js';
import { cinderMode } from './cinder.js';
import { glanceMode } from './glance.js';
import { prepareMongo } from './mongo.js';
import { prepareMysqlDump } from './mysql-dump.js';
import { prepareMysqlFiles } from './mysql-files.js';
import { novaMode } from './nova.js';
import { postgresMode } from './postgres.js';
import { sqliteMode } from './sqlite.js';

/**
 * What --mode gives the backup: a file tree (live, snapshot or locked copy) or a dump stream. mysql
 * takes the file method (FLUSH TABLES WITH READ LOCK) when --path-to-backup names the data directory,
 * the streaming dump otherwise.
 */
export function prepareSource(o: AgentOptions, log: Logger): Promise<PreparedSource> {
  switch (o.modes.mode) {
    case 'fs':
      return treeSource(o, log);
    case 'sqlite':
      return sqliteMode.prepare(o, log);
    case 'postgres':
      return postgresMode.prepare(o, log);
    case 'mysql':
      return o.pathToBackup ? prepareMysqlFiles(o, log) : prepareMysqlDump(o);
    case 'mongo':
      return prepareMongo(o, log);
    case 'glance':
      return glanceMode.prepare(o, log);
    case 'cinder':
      return cinderMode.prepare(o, log);
    case 'nova':
      return novaMode.prepare(o, log);
    case 'cindernative':
      // Cinder keeps these backups: the CLI runs them before any storage is opened.
      return Promise.reject(
        new AgentError('--mode cindernative has no data to store: Cinder keeps its backups'),
      );
  }
}

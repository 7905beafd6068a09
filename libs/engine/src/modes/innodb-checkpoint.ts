import { execFile } from 'node:child_process';
import { AgentError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { MysqlConnection } from './mysql-client.js';

/** What a consistent file copy needs to ask the server. */
export interface InnodbProbe {
  /** Writes every dirty page and checkpoints; false when the server cannot (not MariaDB, no SUPER). */
  forceCheckpoint(): Promise<boolean>;
  /** The LSN of the last checkpoint, or undefined when the server does not report it. */
  lastCheckpoint(): Promise<string | undefined>;
}

/** One-shot client runs beside the session that holds the lock: an error here must not end that session. */
export function innodbProbe(client: string, conn: MysqlConnection): InnodbProbe {
  const sql = (statement: string): Promise<string> =>
    new Promise((resolve, reject) => {
      execFile(
        client,
        [...conn.args, '--batch', '--skip-column-names', '-e', statement],
        { env: { ...process.env, ...conn.env }, timeout: 120_000 },
        (err, stdout) => (err ? reject(err) : resolve(stdout.trim())),
      );
    });
  return {
    forceCheckpoint: () =>
      sql('SET GLOBAL innodb_log_checkpoint_now = ON').then(
        () => true,
        () => false,
      ),
    lastCheckpoint: () =>
      sql("SHOW GLOBAL STATUS LIKE 'Innodb_lsn_last_checkpoint'").then(
        (row) => row.split('\t')[1] || undefined,
        () => undefined,
      ),
  };
}

const ATTEMPTS = 4;

/**
 * InnoDB keeps writing pages under FLUSH TABLES WITH READ LOCK: its page cleaner and purge finish what
 * committed transactions left. A copy of its files is a valid crash image only if recovery starts from a
 * checkpoint whose earlier changes were all in the files when the copy began. So a checkpoint is forced
 * right before the copy, and the copy counts only if no other checkpoint happened while it ran: the redo
 * log, copied last, then holds every change since. A copy during which InnoDB checkpointed is taken again.
 */
export async function copyConsistently(
  probe: InnodbProbe,
  copy: () => Promise<number>,
  discard: () => Promise<void>,
  log: Logger,
): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const forced = await probe.forceCheckpoint();
    const before = await probe.lastCheckpoint();
    const bytes = await copy();
    if (before === undefined) {
      log.warn('mysql: the server does not report its InnoDB checkpoint, so the copy could not be checked');
      return bytes;
    }
    const after = await probe.lastCheckpoint();
    if (after === before) {
      if (!forced)
        log.info('mysql: no checkpoint could be forced (needs SUPER); none happened during the copy');
      return bytes;
    }
    if (attempt >= ATTEMPTS)
      throw new AgentError(
        `mysql: InnoDB checkpointed during each of ${ATTEMPTS} copies, which may then not restore; ` +
          'use --snapshot (LVM), or leave out --path-to-backup for a dump',
      );
    log.warn(`mysql: InnoDB checkpointed during the copy (LSN ${before} → ${after ?? '?'}); copying again`);
    await discard();
  }
}

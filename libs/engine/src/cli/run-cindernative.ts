import type { AgentOptions } from '../agent-options.js';
import { failedBackupReport } from '../hooks/failure-report.js';
import type { Logger } from '../logger.js';
import { cinderNativeAdmin, cinderNativeBackup, cinderNativeRestore } from '../modes/cindernative.js';
import type { AgentIO } from './agent-io.js';
import { writeMetadataOut } from './metadata-out.js';

/**
 * --mode cindernative: Cinder's own backup API does backup, restore and retention, so no storage is
 * opened; the report (--metadata-out) says what Cinder made, restored or deleted.
 */
export async function runCinderNative(o: AgentOptions, log: Logger, io: AgentIO): Promise<void> {
  const run =
    o.action === 'backup'
      ? cinderNativeBackup
      : o.action === 'restore'
        ? cinderNativeRestore
        : cinderNativeAdmin;
  const report = await run(o, log).catch((err: unknown) => {
    if (o.action === 'backup') writeMetadataOut(o.metadataOut, failedBackupReport(o, err, []), io.stdout);
    throw err;
  });
  writeMetadataOut(o.metadataOut, report, io.stdout);
}

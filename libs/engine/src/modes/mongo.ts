import { AgentError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { AgentOptions } from '../agent-options.js';
import { treeSource } from '../snapshot/tree-source.js';
import type { PreparedSource } from './mode.js';
import { mongoCommand, type BsonDoc } from './mongo-wire.js';

export type MongoVerdict = { safe: true; why: string } | { safe: false; why: string };

/**
 * Whether this mongod's data directory is the one to back up, from its `isMaster` reply. The stock
 * agent backs up only when the node is its replica set's primary (`me == primary`): a secondary may
 * lag, and backing up every member stores the same data several times. A standalone mongod (no set)
 * is its own primary — the stock agent crashed on it (KeyError 'primary'); here it is backed up.
 */
export function mongoVerdict(reply: BsonDoc): MongoVerdict {
  if (reply.ok !== 1)
    return { safe: false, why: `mongod answered an error: ${String(reply.errmsg ?? reply.ok)}` };
  const primaryFlag = reply.isWritablePrimary === true || reply.ismaster === true;
  if (typeof reply.setName !== 'string') {
    return primaryFlag
      ? { safe: true, why: 'standalone mongod' }
      : { safe: false, why: 'mongod is not writable (not a primary, not in a replica set)' };
  }
  const set = reply.setName;
  if (primaryFlag && reply.me !== undefined && reply.me === reply.primary)
    return { safe: true, why: `primary ${String(reply.me)} of replica set ${set}` };
  const role =
    reply.arbiterOnly === true ? 'an arbiter' : reply.secondary === true ? 'a secondary' : 'not the primary';
  const primary =
    typeof reply.primary === 'string' ? `the primary is ${reply.primary}` : 'no primary is elected';
  return {
    safe: false,
    why: `${String(reply.me ?? 'this node')} is ${role} of replica set ${set} (${primary}): back up on the primary`,
  };
}

/**
 * The seed's `--mode mongo`: a copy of the journalled data directory (--path-to-backup), taken only on
 * the primary. mongod's journal makes a point-in-time snapshot of the directory recoverable, so
 * --snapshot (LVM) is what makes it consistent; without it the live tree is copied and a warning says so.
 */
export async function prepareMongo(o: AgentOptions, log: Logger): Promise<PreparedSource> {
  const verdict = mongoVerdict(await mongoCommand(o.modes.mongoHost, 'isMaster'));
  if (!verdict.safe) throw new AgentError(`--mode mongo: refusing to back up: ${verdict.why}`);
  log.info(`mongo: ${verdict.why}`);
  if (!o.modes.snapshot)
    log.warn(
      'mongo: without --snapshot the data directory is read while mongod writes it; use an LVM snapshot',
    );
  return treeSource(o, log);
}

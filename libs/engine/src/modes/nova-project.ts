import { listServerIds, openSession } from '@freezer/openstack';
import type { BackupStorage } from '@freezer/storage';
import type { AgentOptions } from '../agent-options.js';
import { AgentError, oneLine } from '../errors.js';
import { abortRequested } from '../hooks/abort-cleanup.js';
import type { Logger } from '../logger.js';
import { cloudEnv } from './cloud-env.js';

/** `--mode nova --project-id P` without --nova-inst-id: every instance of the project, as the stock agent. */
export const isNovaProject = (o: AgentOptions): boolean =>
  o.modes.mode === 'nova' && o.modes.projectId !== undefined && o.modes.novaInstId === undefined;

/** The stock agent's object at the container's root: the JSON list of the project's instance ids. */
const listPath = (projectId: string) => `project_${projectId}`;

/**
 * One instance's options: its own backup name `<backup-name>_<instance id>` (the stock agent uses
 * `<backup-name>/<instance id>`; a name here is one path segment).
 */
function instanceOptions(o: AgentOptions, id: string): AgentOptions {
  return { ...o, backupName: `${o.backupName ?? ''}_${id}`, modes: { ...o.modes, novaInstId: id } };
}

/**
 * Runs `each` for every instance, one after the other, all of them even when one fails; a failure of
 * any is one error at the end naming them.
 */
async function forEachInstance<T>(
  what: { doing: string; done: string },
  o: AgentOptions,
  ids: string[],
  log: Logger,
  each: (one: AgentOptions, id: string) => Promise<T>,
): Promise<T[]> {
  const done: T[] = [];
  const failed: string[] = [];
  for (const [n, id] of ids.entries()) {
    // After SIGTERM the current instance's objects are being deleted: start no other.
    if (abortRequested()) throw new AgentError(`nova: interrupted before instance ${id}`);
    log.info(`nova: ${what.doing} instance ${id} (${n + 1} of ${ids.length})`);
    try {
      done.push(await each(instanceOptions(o, id), id));
    } catch (err) {
      log.error(`nova: instance ${id}: ${oneLine(err)}`);
      failed.push(`${id} (${oneLine(err)})`);
    }
  }
  if (failed.length > 0)
    throw new AgentError(
      `nova: ${failed.length} of ${ids.length} instances not ${what.done}: ${failed.join('; ')}`,
    );
  return done;
}

/** Lists the project's instances, stores the list, and backs up each under its own backup name. */
export async function backupNovaProject<T>(
  o: AgentOptions,
  storage: BackupStorage,
  log: Logger,
  backupOne: (one: AgentOptions) => Promise<T>,
): Promise<T[]> {
  const projectId = o.modes.projectId as string;
  const ids = await listServerIds(await openSession(cloudEnv(o)));
  if (ids.length === 0) throw new AgentError(`nova: project ${projectId} has no instances to back up`);
  await storage.putObject(listPath(projectId), new TextEncoder().encode(JSON.stringify(ids)));
  log.info(`nova: project ${projectId}: ${ids.length} instances: ${ids.join(', ')}`);
  return forEachInstance({ doing: 'backing up', done: 'backed up' }, o, ids, log, (one) => backupOne(one));
}

/** Reads the list the project's backup stored and restores each instance from its backup name. */
export async function restoreNovaProject<T>(
  o: AgentOptions,
  storage: BackupStorage,
  log: Logger,
  restoreOne: (one: AgentOptions) => Promise<T>,
): Promise<T[]> {
  const projectId = o.modes.projectId as string;
  let ids: string[];
  try {
    ids = JSON.parse(new TextDecoder().decode(await storage.getObject(listPath(projectId)))) as string[];
  } catch (err) {
    throw new AgentError(
      `nova: no instance list ${listPath(projectId)} in ${storage.name} (${oneLine(err)}): back up with --project-id ${projectId} first`,
    );
  }
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string'))
    throw new AgentError(`nova: ${listPath(projectId)} in ${storage.name} is not a list of instance ids`);
  return forEachInstance({ doing: 'restoring', done: 'restored' }, o, ids, log, (one) => restoreOne(one));
}

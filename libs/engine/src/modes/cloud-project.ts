import { listServerIds, openSession, projectImages } from '@freezer/openstack';
import type { BackupStorage } from '@freezer/storage';
import type { AgentOptions } from '../agent-options.js';
import { AgentError, oneLine } from '../errors.js';
import { abortRequested } from '../hooks/abort-cleanup.js';
import type { Logger } from '../logger.js';
import { cloudEnv } from './cloud-env.js';
import type { ModeOptions } from './mode-options.js';

/** A cloud mode that backs up many sources of a project, one backup each, as the stock agent does. */
export interface ManySources {
  /** `instance` or `image`: what the log and the errors call one source. */
  noun: string;
  /** Where the sources come from, for the log and the errors (`project P`). */
  from: string;
  /** The option that names one source of the mode. */
  idKey: 'novaInstId' | 'glanceImageId';
  /** The stock object at the container's root holding the JSON list of ids (absent: not stored). */
  listPath?: string;
}

/** Sources whose list a backup stores, so that restore reads it back. */
export type ListedSources = ManySources & { listPath: string };

/** `--mode nova --project-id P`: every instance of P, listed in the stock object `project_<P>`. */
export const novaProject = (projectId: string): ListedSources => ({
  noun: 'instance',
  from: `project ${projectId}`,
  idKey: 'novaInstId',
  listPath: `project_${projectId}`,
});

/** `--mode glance --project-id P`: every image P owns, listed in the stock `project_glance_<P>`. */
export const glanceProject = (projectId: string): ListedSources => ({
  noun: 'image',
  from: `project ${projectId}`,
  idKey: 'glanceImageId',
  listPath: `project_glance_${projectId}`,
});

/** `--glance-image-name-filter`: the images picked by the filter; the stock agent stores no list. */
export const glanceFiltered = (filter: string): ManySources => ({
  noun: 'image',
  from: `the project's images without "${filter}" in their name`,
  idKey: 'glanceImageId',
});

/** Images other freezer runs make and delete on their own (snapshots, uploads): never a project's source. */
const TEMPORARY_IMAGE = /^freezer-(tmp|restore)-/;

/**
 * The active images the session's project owns, without other backups' temporary ones; `filter`
 * (the stock --glance-image-name-filter) drops every image whose name contains it.
 */
export async function projectImageIds(o: AgentOptions, filter?: string): Promise<string[]> {
  const s = await openSession(cloudEnv(o));
  return (await projectImages(s, s.projectId))
    .filter((i) => !TEMPORARY_IMAGE.test(i.name ?? ''))
    .filter((i) => filter === undefined || !(i.name ?? '').includes(filter))
    .map((i) => i.id);
}

/** The session project's instance ids. */
export async function projectServerIds(o: AgentOptions): Promise<string[]> {
  return listServerIds(await openSession(cloudEnv(o)));
}

/**
 * One source's options: its own backup name `<backup-name>_<id>` (the stock agent uses
 * `<backup-name>/<id>`; a name here is one path segment), the id in the mode's option.
 */
function sourceOptions(o: AgentOptions, many: ManySources, id: string): AgentOptions {
  const modes: ModeOptions = { ...o.modes, glanceImageNameFilter: undefined, [many.idKey]: id };
  return { ...o, backupName: `${o.backupName ?? ''}_${id}`, modes };
}

/**
 * Runs `each` for every source, one after the other, all of them even when one fails; a failure of
 * any is one error at the end naming them.
 */
async function forEachSource<T>(
  what: { doing: string; done: string },
  o: AgentOptions,
  many: ManySources,
  ids: string[],
  log: Logger,
  each: (one: AgentOptions) => Promise<T>,
): Promise<T[]> {
  const mode = o.modes.mode;
  const done: T[] = [];
  const failed: string[] = [];
  for (const [n, id] of ids.entries()) {
    // After SIGTERM the current source's objects are being deleted: start no other.
    if (abortRequested()) throw new AgentError(`${mode}: interrupted before ${many.noun} ${id}`);
    log.info(`${mode}: ${what.doing} ${many.noun} ${id} (${n + 1} of ${ids.length})`);
    try {
      done.push(await each(sourceOptions(o, many, id)));
    } catch (err) {
      log.error(`${mode}: ${many.noun} ${id}: ${oneLine(err)}`);
      failed.push(`${id} (${oneLine(err)})`);
    }
  }
  if (failed.length > 0)
    throw new AgentError(
      `${mode}: ${failed.length} of ${ids.length} ${many.noun}s not ${what.done}: ${failed.join('; ')}`,
    );
  return done;
}

/** Stores the list (when the mode keeps one) and backs up each source under its own backup name. */
export async function backupMany<T>(
  o: AgentOptions,
  many: ManySources,
  ids: string[],
  storage: BackupStorage,
  log: Logger,
  backupOne: (one: AgentOptions) => Promise<T>,
): Promise<T[]> {
  const mode = o.modes.mode;
  if (ids.length === 0) throw new AgentError(`${mode}: ${many.from} has no ${many.noun}s to back up`);
  if (many.listPath) await storage.putObject(many.listPath, new TextEncoder().encode(JSON.stringify(ids)));
  log.info(`${mode}: ${many.from}: ${ids.length} ${many.noun}s: ${ids.join(', ')}`);
  return forEachSource({ doing: 'backing up', done: 'backed up' }, o, many, ids, log, backupOne);
}

/** The list of ids a project's backup stored beside its backups. */
async function readSourceList(
  o: AgentOptions,
  many: ListedSources,
  storage: BackupStorage,
): Promise<string[]> {
  const mode = o.modes.mode;
  let ids: string[];
  try {
    ids = JSON.parse(new TextDecoder().decode(await storage.getObject(many.listPath))) as string[];
  } catch (err) {
    throw new AgentError(
      `${mode}: no ${many.noun} list ${many.listPath} in ${storage.name} (${oneLine(err)}): back up with --project-id ${o.modes.projectId ?? ''} first`,
    );
  }
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string'))
    throw new AgentError(`${mode}: ${many.listPath} in ${storage.name} is not a list of ${many.noun} ids`);
  return ids;
}

/** Each source of the list a project's backup stored, under its own backup name. */
async function forEachListed<T>(
  what: { doing: string; done: string },
  o: AgentOptions,
  many: ListedSources,
  storage: BackupStorage,
  log: Logger,
  one: (one: AgentOptions) => Promise<T>,
): Promise<T[]> {
  return forEachSource(what, o, many, await readSourceList(o, many, storage), log, one);
}

/** Reads the list a project's backup stored and restores each source from its backup name. */
export const restoreMany = <T>(
  o: AgentOptions,
  many: ListedSources,
  storage: BackupStorage,
  log: Logger,
  restoreOne: (one: AgentOptions) => Promise<T>,
): Promise<T[]> => forEachListed({ doing: 'restoring', done: 'restored' }, o, many, storage, log, restoreOne);

/** Retention of a project's backups: each source of the stored list under its backup name. */
export const pruneMany = <T>(
  o: AgentOptions,
  many: ListedSources,
  storage: BackupStorage,
  log: Logger,
  pruneOne: (one: AgentOptions) => Promise<T>,
): Promise<T[]> => forEachListed({ doing: 'pruning', done: 'pruned' }, o, many, storage, log, pruneOne);

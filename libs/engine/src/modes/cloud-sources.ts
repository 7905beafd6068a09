import type { BackupStorage } from '@freezer/storage';
import type { AgentOptions } from '../agent-options.js';
import type { Logger } from '../logger.js';
import { resolveCloudName } from './cloud-names.js';
import {
  backupMany,
  glanceFiltered,
  glanceProject,
  novaProject,
  projectImageIds,
  projectServerIds,
  pruneMany,
  restoreMany,
} from './cloud-project.js';
import { selectorGiven } from './mode-options.js';

/**
 * Which sources a backup or restore covers, and `one` run for each: the stock selection of the
 * image-based cloud modes. An id is one source; a name is resolved to its id first; nova or glance
 * with --project-id and neither is every instance or image of the project (the list stored beside
 * the backups, read back by restore and admin); --glance-image-name-filter is the images it picks. Other
 * modes are one run of the options as given.
 */
export async function forEachCloudSource<T>(
  o: AgentOptions,
  storage: BackupStorage,
  log: Logger,
  one: (options: AgentOptions) => Promise<T>,
): Promise<T[]> {
  const m = o.modes;
  if (m.mode === 'glance' && m.glanceImageNameFilter !== undefined) {
    const ids = await projectImageIds(o, m.glanceImageNameFilter);
    return backupMany(o, glanceFiltered(m.glanceImageNameFilter), ids, storage, log, one);
  }
  const project = m.projectId;
  if ((m.mode === 'nova' || m.mode === 'glance') && project !== undefined && !selectorGiven(m)) {
    const many = m.mode === 'nova' ? novaProject(project) : glanceProject(project);
    if (o.action === 'restore') return restoreMany(o, many, storage, log, one);
    if (o.action === 'admin') return pruneMany(o, many, storage, log, one);
    const ids = m.mode === 'nova' ? await projectServerIds(o) : await projectImageIds(o);
    return backupMany(o, many, ids, storage, log, one);
  }
  return [await one(await resolveCloudName(o, log))];
}

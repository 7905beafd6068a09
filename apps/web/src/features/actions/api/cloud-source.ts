import type { FreezerAction } from '@freezer/api-client';
import { CLOUD_SOURCES, isImageMode, type CloudSourceKeys } from '@freezer/schema';

/**
 * How a cloud backup names what it reads, as the agent's options do: one id, one exact name, or
 * (glance, nova) every image or instance of a project. One way at a time: the agent refuses two.
 * A glance or nova restore takes the same ways, or (`any`) nothing but the backup name.
 */
export type CloudSource = 'any' | 'id' | 'name' | 'project';

/**
 * The image-based cloud modes store their bytes as the stock agent's engines do: raw, in the engine of
 * their own name, so neither a compression nor an engine is theirs to choose.
 */
export const storesRawImage = (mode: string): boolean => isImageMode(mode);

/** How `mode` names its source, if it is an image-based cloud mode. */
export const cloudSourceOf = (mode: string): CloudSourceKeys | undefined =>
  isImageMode(mode) ? CLOUD_SOURCES[mode] : undefined;

export const SOURCE_LABELS: Record<CloudSource, string> = {
  any: 'By backup name only',
  id: 'By id',
  name: 'By name',
  project: 'The whole project',
};

/**
 * The ways the mode and action offer, in the order the editor shows them. A cinder restore makes a
 * new volume from the backup name alone (an id or name there picks nothing): no ways.
 */
export function sourceChoices(mode: string, action: string): CloudSource[] {
  const c = cloudSourceOf(mode);
  if (!c) return [];
  if (action === 'backup') return c.project ? ['id', 'name', 'project'] : ['id', 'name'];
  if (action === 'restore' && c.project) return ['any', 'id', 'name', 'project'];
  return [];
}

/** The chosen way if offered, else the first (a mode switched from nova to cinder falls back to the id). */
export function effectiveSource(mode: string, action: string, chosen: CloudSource): CloudSource | undefined {
  const ways = sourceChoices(mode, action);
  return ways.includes(chosen) ? chosen : ways[0];
}

/**
 * The inputs of one way: its id or name and the project to log in to; or the project and (glance
 * backup) the filter. `any` has none: a project id there would restore the whole project.
 */
export function sourceKeys(mode: string, action: string, source: CloudSource): string[] {
  const c = cloudSourceOf(mode);
  const way = effectiveSource(mode, action, source);
  if (!c || !way || way === 'any') return [];
  if (way === 'project') return c.filter && action === 'backup' ? ['project_id', c.filter] : ['project_id'];
  return [way === 'id' ? c.id : c.name, 'project_id'];
}

const filled = (v: unknown) => typeof v === 'string' && v.trim() !== '';

/** The way a stored action names its source (a name wins over an id: the agent would refuse both). */
export function inferSource(mode: string, fa: Record<string, unknown>): CloudSource {
  const c = cloudSourceOf(mode);
  if (!c) return 'any';
  if (filled(fa[c.name])) return 'name';
  if (filled(fa[c.id])) return 'id';
  if (c.project && (filled(fa.project_id) || (c.filter !== undefined && filled(fa[c.filter]))))
    return 'project';
  return 'any';
}

/** The agent's usage errors for the chosen way, keyed by the input that needs a value. */
export function validateSource(
  mode: string,
  action: string,
  source: CloudSource,
  t: (k: string) => string,
): Partial<Record<string, string>> {
  const c = cloudSourceOf(mode);
  const way = effectiveSource(mode, action, source);
  if (!c || !way) return {};
  const noun = c.what.split(' ')[1] ?? c.what;
  const done = action === 'backup' ? 'backed up' : 'restored';
  if (way === 'id' && !t(c.id))
    return { [c.id]: `The ${mode} mode needs the id of the ${noun} to ${action}.` };
  if (way === 'name' && !t(c.name))
    return { [c.name]: `Give the exact name of the ${noun} (one ${noun} of the project must have it).` };
  const filtered = c.filter !== undefined && action === 'backup';
  if (way === 'project' && !t('project_id') && !(filtered && c.filter && t(c.filter)))
    return {
      project_id: filtered
        ? 'Give the project id (or a name filter to use the agent’s own project).'
        : `Give the project whose every ${noun} is ${done}.`,
    };
  return {};
}

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** The source of a cloud backup in words, for the review and the lists; undefined for other actions. */
export function describeSource(fa: FreezerAction): string | undefined {
  const mode = str(fa.mode);
  const c = cloudSourceOf(mode);
  if (!c || !['backup', 'restore'].includes(str(fa.action ?? 'backup'))) return undefined;
  const rec = fa as Record<string, unknown>;
  const project = str(rec.project_id);
  const inProject = project ? ` of project ${project}` : '';
  switch (inferSource(mode, rec)) {
    case 'name':
      return `the ${c.what} named “${str(rec[c.name])}”${inProject}`;
    case 'project': {
      const filter = c.filter ? str(rec[c.filter]) : '';
      const owner = project ? `of project ${project}` : 'of the agent’s project';
      return `every ${c.what} ${owner}${filter ? ` whose name does not contain “${filter}”` : ''}`;
    }
    default:
      return str(rec[c.id]) ? `the ${c.what} ${str(rec[c.id])}${inProject}` : undefined;
  }
}

import type { FreezerAction } from '@freezer/api-client';

/**
 * How a cloud backup names what it reads, as the agent's options do: one id, one exact name, or
 * (glance, nova) every image or instance of a project. One way at a time: the agent refuses two.
 */
export type CloudSource = 'id' | 'name' | 'project';

interface CloudSourceKeys {
  /** Service and object in words: "Glance image". */
  what: string;
  id: string;
  name: string;
  /** Whether the agent backs up every object of `project_id` when neither id nor name is given. */
  project: boolean;
  /** glance: the stock name filter (backup only), which also selects many images. */
  filter?: string;
}

export const CLOUD_SOURCES: Partial<Record<string, CloudSourceKeys>> = {
  glance: {
    what: 'Glance image',
    id: 'glance_image_id',
    name: 'glance_image_name',
    project: true,
    filter: 'glance_image_name_filter',
  },
  cinder: { what: 'Cinder volume', id: 'cinder_vol_id', name: 'cinder_vol_name', project: false },
  nova: { what: 'Nova instance', id: 'nova_inst_id', name: 'nova_inst_name', project: true },
};

/** Every freezer_action key a cloud source is written with (`project_id` also scopes the login). */
export const CLOUD_SOURCE_KEYS = [
  'glance_image_id',
  'glance_image_name',
  'glance_image_name_filter',
  'cinder_vol_id',
  'cinder_vol_name',
  'nova_inst_id',
  'nova_inst_name',
  'project_id',
] as const;

export const SOURCE_LABELS: Record<CloudSource, string> = {
  id: 'By id',
  name: 'By name',
  project: 'The whole project',
};

/** The ways the mode offers, in the order the editor shows them; none for other modes. */
export function sourceChoices(mode: string): CloudSource[] {
  const c = CLOUD_SOURCES[mode];
  if (!c) return [];
  return c.project ? ['id', 'name', 'project'] : ['id', 'name'];
}

/** The chosen way if the mode has it (a mode switched from nova to cinder falls back to the id). */
export function effectiveSource(mode: string, chosen: CloudSource): CloudSource {
  return sourceChoices(mode).includes(chosen) ? chosen : 'id';
}

/** The inputs of one way: its id or name, or the project and (glance) the filter; the project id always. */
export function sourceKeys(mode: string, source: CloudSource): string[] {
  const c = CLOUD_SOURCES[mode];
  if (!c) return [];
  const way = effectiveSource(mode, source);
  if (way === 'project') return c.filter ? ['project_id', c.filter] : ['project_id'];
  return [way === 'id' ? c.id : c.name, 'project_id'];
}

const filled = (v: unknown) => typeof v === 'string' && v.trim() !== '';

/** The way a stored action names its source (a name wins over an id: the agent would refuse both). */
export function inferSource(mode: string, fa: Record<string, unknown>): CloudSource {
  const c = CLOUD_SOURCES[mode];
  if (!c) return 'id';
  if (filled(fa[c.name])) return 'name';
  if (filled(fa[c.id])) return 'id';
  if (c.project && (filled(fa.project_id) || (c.filter !== undefined && filled(fa[c.filter]))))
    return 'project';
  return 'id';
}

/** The agent's usage errors for the chosen way, keyed by the input that needs a value. */
export function validateSource(
  mode: string,
  source: CloudSource,
  t: (k: string) => string,
): Partial<Record<string, string>> {
  const c = CLOUD_SOURCES[mode];
  if (!c) return {};
  const way = effectiveSource(mode, source);
  const noun = c.what.split(' ')[1] ?? c.what;
  if (way === 'id' && !t(c.id)) return { [c.id]: `The ${mode} mode needs the id of the ${noun} to back up.` };
  if (way === 'name' && !t(c.name))
    return { [c.name]: `Give the exact name of the ${noun} (one ${noun} of the project must have it).` };
  if (way === 'project' && !t('project_id') && !(c.filter && t(c.filter)))
    return {
      project_id: c.filter
        ? 'Give the project id (or a name filter to use the agent’s own project).'
        : `Give the project whose every ${noun} is backed up.`,
    };
  return {};
}

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** The source of a cloud backup in words, for the review and the lists; undefined for other actions. */
export function describeSource(fa: FreezerAction): string | undefined {
  const mode = str(fa.mode);
  const c = CLOUD_SOURCES[mode];
  if (!c || (fa.action ?? 'backup') !== 'backup') return undefined;
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

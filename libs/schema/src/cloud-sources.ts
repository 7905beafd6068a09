// How the image-based cloud modes name what they read: the agent's options and the freezer_action keys
// of the same names, for the engine, the scheduler and the dashboard alike.
import type { FreezerAction } from './freezer-action.js';
import type { CloudMode } from './vocabulary.js';

/**
 * Cloud modes that read one image, volume or instance and store its bytes raw, in the engine of their
 * own name, as the stock agent does: neither a compression nor an engine is theirs to choose.
 */
export const IMAGE_MODES = ['glance', 'cinder', 'nova'] as const satisfies readonly CloudMode[];
export type ImageMode = (typeof IMAGE_MODES)[number];

export function isImageMode(mode: string | undefined): mode is ImageMode {
  return (IMAGE_MODES as readonly (string | undefined)[]).includes(mode);
}

type ActionKey = keyof FreezerAction & string;

export interface CloudSourceKeys {
  /** Service and object in words: "Glance image". */
  what: string;
  /** The key (option) of one object by id, and of one object by its exact name. */
  id: ActionKey;
  name: ActionKey;
  /** Whether the mode covers every object of `project_id` when neither id nor name is given. */
  project: boolean;
  /** glance: the stock name filter (backup only), which also selects many images. */
  filter?: ActionKey;
}

export const CLOUD_SOURCES = {
  glance: {
    what: 'Glance image',
    id: 'glance_image_id',
    name: 'glance_image_name',
    project: true,
    filter: 'glance_image_name_filter',
  },
  cinder: { what: 'Cinder volume', id: 'cinder_vol_id', name: 'cinder_vol_name', project: false },
  nova: { what: 'Nova instance', id: 'nova_inst_id', name: 'nova_inst_name', project: true },
} as const satisfies Record<ImageMode, CloudSourceKeys>;

type Sources = typeof CLOUD_SOURCES;
/** The keys (options) that name a source: ids, names, the glance filter, and the project. */
export type CloudSourceKey =
  | { [M in ImageMode]: Sources[M][Extract<keyof Sources[M], 'id' | 'name' | 'filter'>] }[ImageMode]
  | 'project_id';

/** Every freezer_action key a cloud source is written with (`project_id` also scopes the login). */
export const CLOUD_SOURCE_KEYS: readonly CloudSourceKey[] = [
  ...Object.values(CLOUD_SOURCES).flatMap((c: CloudSourceKeys) =>
    [c.id, c.name, c.filter].filter((k): k is CloudSourceKey => k !== undefined),
  ),
  'project_id',
];

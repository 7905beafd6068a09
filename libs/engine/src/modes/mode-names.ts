import { AGENT_MODES } from '@freezer/schema';

/** --mode values: what a backup reads, and how it is made consistent. */
export const MODE_NAMES = AGENT_MODES;
export type ModeName = (typeof MODE_NAMES)[number];

/** --mode values: what a backup reads, and how it is made consistent. */
export const MODE_NAMES = ['fs', 'sqlite', 'postgres', 'mysql', 'mongo'] as const;
export type ModeName = (typeof MODE_NAMES)[number];

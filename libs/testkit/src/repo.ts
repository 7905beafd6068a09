import { fileURLToPath } from 'node:url';

/** The repository root: the kit lives in libs/testkit/src. */
export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url)).replace(/\/$/, '');

/** The kit's shell recipes (sshd, Swift, PostgreSQL): the one source of truth, the TypeScript only calls them. */
export const RECIPES = fileURLToPath(new URL('../recipes', import.meta.url));

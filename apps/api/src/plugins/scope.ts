import type { Scope } from '@freezer/store';
import type { FastifyRequest } from 'fastify';
import { ApiError } from './api-error.js';
import './auth/principal.js';

/** The project every /v1 request uses (v1 paths carry no project). */
export const V1_PROJECT = 'default';

/** With no auth, the user is whatever X-User-Id says, else this one (the identity endpoint's user). */
export const DEFAULT_USER = 'admin';

export function scopeOf(request: FastifyRequest): Scope {
  const params = request.params as { project_id?: string };
  const projectId = params.project_id ?? V1_PROJECT;
  // With auth on, a project's documents are shared by its members; X-User-Id cannot impersonate.
  const principal = request.principal;
  if (principal) return { projectId, userId: principal.userId, sharedProject: true };
  return noAuthScope(projectId, request.headers['x-user-id']);
}

/** The scope of a request without auth: the project, and the user X-User-Id names (or the default). */
export function noAuthScope(projectId: string, userHeader: string | string[] | undefined): Scope {
  const userId =
    typeof userHeader === 'string' && userHeader.trim() !== '' ? userHeader.trim() : DEFAULT_USER;
  return { projectId, userId };
}

export function userNameOf(request: FastifyRequest, scope: Scope): string {
  if (request.principal) return request.principal.userName;
  const header = request.headers['x-user-name'];
  return typeof header === 'string' && header.trim() !== '' ? header.trim() : scope.userId;
}

const VERSION_TAG = /^(?:W\/)?("?)(\d{1,15})\1$/;

/**
 * `If-Match: "3"` (or `3`, `W/"3"`) → 3, for optimistic concurrency without a body `_version`;
 * `*` → no condition. Anything else is refused: ignoring a garbled guard would apply the update
 * the caller meant to make conditional.
 */
export function ifMatchVersion(request: FastifyRequest): number | undefined {
  const header = request.headers['if-match'];
  if (typeof header !== 'string') return undefined;
  const value = header.trim();
  if (value === '*') return undefined;
  const m = VERSION_TAG.exec(value);
  if (!m) {
    throw new ApiError(
      400,
      'Bad request format',
      'If-Match must be one version from the ETag of a GET (for example "3") or *',
    );
  }
  return Number(m[2]);
}

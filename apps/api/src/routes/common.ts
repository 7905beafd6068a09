import type { FastifyReply } from 'fastify';
import { ErrorBody, clientIdString, idString } from '@freezer/schema';
import { z } from 'zod';

/** Path params of every project-scoped route: v2 has `project_id`, v1 has none. */
export const projectParam = { project_id: z.string().min(1).max(255).optional() };

/** Ids in paths follow the body rule: a create-or-replace route stores its path id as the document id. */
export const pathId = idString.max(255);
export const pathClientId = clientIdString.max(255);

export const errors = {
  400: ErrorBody.describe('bad input: the description names the field'),
  404: ErrorBody.describe('unknown id'),
  409: ErrorBody.describe('duplicate id or stale _version'),
};

/** 204, or the stock "404 with an empty body" of GET-one; typed replies only model JSON bodies. */
export function emptyReply(reply: unknown, status: 204 | 404): FastifyReply {
  return (reply as FastifyReply).code(status).send();
}

import { ErrorBody, MembershipPut, Role, UserCreate, UserDoc, UserPatch } from '@freezer/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { emptyReply } from '../common.js';
import { hashPassword } from '../../plugins/auth/passwords.js';

const tags = ['users (extension, global admin)'];
const userParams = z.object({ user_id: z.string().min(1) });
const memberParams = z.object({ user_id: z.string().min(1), project_id: z.string().min(1).max(255) });
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** User management for global administrators (the access-control hook enforces that). */
export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/auth/users',
    {
      schema: {
        tags,
        summary: 'List users with their project roles',
        response: { 200: z.object({ users: z.array(UserDoc) }) },
      },
    },
    async () => ({ users: await app.store.users.list() }),
  );

  app.post(
    '/auth/users',
    {
      schema: {
        tags,
        summary: 'Create a user (scrypt-hashed password)',
        body: UserCreate,
        response: { 201: UserDoc, ...errors },
      },
    },
    async (req, reply) => {
      const user = await app.store.users.create({
        name: req.body.name,
        passwordHash: await hashPassword(req.body.password),
        isAdmin: req.body.is_admin ?? false,
        projects: req.body.projects ?? [],
      });
      return reply.code(201).send(user);
    },
  );

  app.patch(
    '/auth/users/:user_id',
    {
      schema: {
        tags,
        summary:
          'Change password / admin flag / disable; a password change or disable ends sessions and revokes tokens',
        params: userParams,
        body: UserPatch,
        response: errors,
      },
    },
    async (req, reply) => {
      const { user_id } = req.params;
      await app.store.users.update(user_id, {
        ...(req.body.password !== undefined ? { passwordHash: await hashPassword(req.body.password) } : {}),
        ...(req.body.is_admin !== undefined ? { isAdmin: req.body.is_admin } : {}),
        ...(req.body.disabled !== undefined ? { disabled: req.body.disabled } : {}),
      });
      if (req.body.password !== undefined || req.body.disabled === true) {
        await app.store.webSessions.deleteAllOf(user_id);
        await app.store.tokens.revokeAllOf(user_id);
      }
      return emptyReply(reply, 204);
    },
  );

  app.put(
    '/auth/users/:user_id/projects/:project_id',
    {
      schema: {
        tags,
        summary: `Give the user a role (${Role.options.join('/')}) in a project`,
        params: memberParams,
        body: MembershipPut,
        response: errors,
      },
    },
    async (req, reply) => {
      await app.store.users.setMembership(req.params.user_id, req.params.project_id, req.body.role);
      return emptyReply(reply, 204);
    },
  );

  app.delete(
    '/auth/users/:user_id/projects/:project_id',
    { schema: { tags, summary: 'Remove the user from a project', params: memberParams } },
    async (req, reply) => {
      await app.store.users.removeMembership(req.params.user_id, req.params.project_id);
      return emptyReply(reply, 204);
    },
  );
};

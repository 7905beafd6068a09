import {
  CATALOG_MEDIA_TYPE,
  CatalogListing,
  CatalogListQuery,
  CatalogMissingBody,
  CatalogRestoreRequest,
  CatalogRestoreResult,
  CatalogSearchQuery,
  CatalogSearchResult,
  CatalogUploadResult,
} from '@freezer/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { ApiError } from '../../plugins/api-error.js';
import { scopeOf } from '../../plugins/scope.js';
import { errors, projectParam } from '../common.js';

const tags = ['catalog'];
const idParams = z.object({ ...projectParam, backup_id: z.string().min(1) });

/** The NDJSON body stays a stream: a million-entry catalog is parsed line by line, never held whole. */
function isStream(body: unknown): body is Readable {
  return typeof (body as Readable | undefined)?.[Symbol.asyncIterator] === 'function';
}

export const catalogRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addContentTypeParser(CATALOG_MEDIA_TYPE, (_req, payload, done) => done(null, payload));

  app.put(
    '/backups/:backup_id/catalog',
    {
      schema: {
        tags,
        summary: `Store the file catalog of a backup point (${CATALOG_MEDIA_TYPE}: a header line, then one record per line; replaces an earlier one)`,
        params: idParams,
        consumes: [CATALOG_MEDIA_TYPE],
        // Documentation only: the body is a stream, read line by line and validated by the store.
        body: z
          .unknown()
          .describe('one CatalogHeader line, then one CatalogRecord (entry or deletion) per line'),
        response: { 201: CatalogUploadResult, 400: errors[400], 404: errors[404], 415: errors[400] },
      },
    },
    async (req, reply) => {
      if (!isStream(req.body))
        throw new ApiError(415, 'Unsupported Media Type', `send the catalog as ${CATALOG_MEDIA_TYPE}`);
      return reply
        .code(201)
        .send(await app.store.catalog.upload(scopeOf(req), req.params.backup_id, req.body));
    },
  );

  app.get(
    '/backups/:backup_id/catalog',
    {
      schema: {
        tags,
        summary: 'List a folder of a backup as it was at that point (its chain merged), paged and sorted',
        params: idParams,
        querystring: CatalogListQuery,
        response: {
          200: CatalogListing,
          400: errors[400],
          404: CatalogMissingBody.describe(
            'unknown backup, no catalog (reason no_catalog), a parent point without one (chain_incomplete) or no such folder',
          ),
        },
      },
    },
    async (req, reply) => {
      const result = await app.store.catalog.list(scopeOf(req), req.params.backup_id, req.query);
      if (result.found) return result.listing;
      return reply.code(404).send({ title: 'Not Found', description: result.message, reason: result.reason });
    },
  );

  app.get(
    '/catalog/search',
    {
      schema: {
        tags,
        summary:
          'Find files by name (or by path when q has a "/"; globs allowed) across every backup point and client of the project, with their versions',
        params: z.object(projectParam),
        querystring: CatalogSearchQuery,
        response: { 200: CatalogSearchResult, 400: errors[400] },
      },
    },
    async (req) => app.store.catalog.search(scopeOf(req), req.query),
  );

  app.post(
    '/backups/:backup_id/restore',
    {
      schema: {
        tags,
        summary: 'Create and start a job restoring a selection of this backup point',
        params: idParams,
        body: CatalogRestoreRequest,
        response: { 201: CatalogRestoreResult, 400: errors[400], 404: errors[404] },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await app.store.catalog.restore(scopeOf(req), req.params.backup_id, req.body)),
  );
};

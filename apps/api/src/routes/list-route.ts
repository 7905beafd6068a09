import type { ListView, Page, Scope, Search } from '@freezer/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf, searchOf } from '../plugins/list-params.js';
import { scopeOf } from '../plugins/scope.js';
import { errors, projectParam } from './common.js';
import { sortedListQuerystring, viewOf } from './list-sort.js';

type ZodApp = Parameters<FastifyPluginAsyncZod>[0];

/**
 * GET /{resource}: the stock list (paging, search in a GET body or ?search=) with our sort and text
 * filter, answered as `{ "<resource>": [documents] }`.
 */
export function listRoute<R extends 'actions' | 'backups' | 'clients' | 'sessions', D extends z.ZodTypeAny>(
  app: ZodApp,
  resource: R,
  summary: string,
  doc: D,
  list: (scope: Scope, search: Search, page: Page, view: ListView) => Promise<z.infer<D>[]>,
): void {
  app.get(
    `/${resource}`,
    {
      schema: {
        tags: [resource],
        summary,
        params: z.object(projectParam),
        querystring: sortedListQuerystring(resource),
        response: { 200: z.object({ [resource]: z.array(doc) }), 400: errors[400] },
      },
    },
    async (req) => ({
      [resource]: await list(
        scopeOf(req),
        searchOf(req, req.query),
        pageOf(req.query),
        viewOf(resource, req.query),
      ),
    }),
  );
}

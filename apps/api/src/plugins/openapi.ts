import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { FREEZER_VERSION } from '@freezer/schema';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** OpenAPI 3 from the route zod schemas, at /openapi.json, with Swagger UI at /docs. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Freezer API',
        version: FREEZER_VERSION,
        description:
          'Wire-compatible with the OpenStack freezer-api v2 (and v1 without project), plus extensions: ' +
          'client heartbeat, job runs, metrics, projects. See docs/api.md.',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

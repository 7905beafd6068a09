/** A JSON Schema node as the OpenAPI document of the API has them (from the route zod schemas). */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  nullable?: boolean;
}

export interface FuzzRoute {
  method: string;
  /** OpenAPI path template, e.g. `/v2/{project_id}/jobs/{job_id}`. */
  template: string;
  pathParams: string[];
  queryParams: string[];
  body: JsonSchema | undefined;
}

interface Operation {
  parameters?: { in: string; name: string }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

/** Every operation of the served OpenAPI document (the route list is never written by hand). */
export function routesOf(doc: { paths: Record<string, Record<string, Operation>> }): FuzzRoute[] {
  const routes: FuzzRoute[] = [];
  for (const [template, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const params = op.parameters ?? [];
      routes.push({
        method: method.toUpperCase(),
        template,
        // v1 routes share the v2 schema, whose project_id is not in their path.
        pathParams: [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string),
        queryParams: params.filter((p) => p.in === 'query').map((p) => p.name),
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return routes;
}

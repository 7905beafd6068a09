import fc from 'fast-check';
import type { FuzzRoute, JsonSchema } from './openapi-routes.js';

/** Strings that have broken parsers, routers and stores before. */
const NASTY = [
  '',
  ' ',
  '../../x',
  '..%2F..%2Fx',
  '<script>alert(1)</script>',
  'a\u0000b',
  '\u202e\ufeff',
  '%',
  '%zz',
  "' OR 1=1 --",
  '{"$gt":""}',
  'x'.repeat(300),
  '99999999999999999999',
  '-1',
  'null',
  '😀',
];

const idLike = fc.stringMatching(/^[\w-]{1,40}$/);
const anyString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 24 }) },
  { weight: 2, arbitrary: idLike },
  { weight: 2, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 16 }) },
);
const anyInteger = fc.oneof(
  fc.integer({ min: -3, max: 100 }),
  fc.constantFrom(2 ** 31, 2 ** 53, -(2 ** 53), 1e21, 0.5),
);

/** Values shaped by a JSON Schema, often valid, sometimes wrong in type, always finite. */
export function fromSchema(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.jsonValue({ maxDepth: 2 });
  const own = ownShape(schema, depth);
  const wrong = fc.oneof(fc.constant(null), anyString, anyInteger, fc.boolean(), fc.constant([]));
  const nullable = schema.nullable ? fc.oneof(own, fc.constant(null)) : own;
  return fc.oneof({ weight: 30, arbitrary: nullable }, { weight: 1, arbitrary: wrong });
}

function ownShape(s: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  if (s.enum) return fc.constantFrom(...s.enum);
  if ('const' in s) return fc.constant(s.const);
  const choices = s.anyOf ?? s.oneOf ?? s.allOf;
  if (choices && choices.length > 0) return fc.oneof(...choices.map((c) => fromSchema(c, depth + 1)));
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'object': {
      const props = Object.fromEntries(
        Object.entries(s.properties ?? {}).map(([k, v]) => [k, fromSchema(v, depth + 1)]),
      );
      const known = fc.record(props, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
      const extra = fc.dictionary(idLike, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 });
      return fc.tuple(known, extra).map(([k, e]) => ({ ...e, ...k }));
    }
    case 'array':
      if (s.prefixItems) return fc.tuple(...s.prefixItems.map((p) => fromSchema(p, depth + 1)));
      return fc.array(fromSchema(s.items, depth + 1), { maxLength: 3 });
    case 'string':
      return anyString;
    case 'integer':
      return anyInteger;
    case 'number':
      return fc.oneof(anyInteger, fc.double({ noNaN: true, noDefaultInfinity: true }));
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** What goes on the wire as the body: JSON from the schema, any JSON, raw text, or nothing. */
export type FuzzBody = { json: unknown } | { raw: string } | undefined;

const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const rawBodies = fc.constantFrom(
  '{',
  'null',
  '[]',
  '""',
  '{"a":1} trailing',
  deep(3000),
  `{"x":${'{"a":'.repeat(200)}1${'}'.repeat(200)}}`,
  '\u0000',
);

export function bodyOf(route: FuzzRoute): fc.Arbitrary<FuzzBody> {
  const json = fromSchema(route.body).map((v): FuzzBody => ({ json: v }));
  return fc.oneof(
    { weight: route.body ? 8 : 1, arbitrary: json },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v): FuzzBody => ({ json: v })) },
    { weight: 1, arbitrary: rawBodies.map((t): FuzzBody => ({ raw: t })) },
    { weight: route.body ? 1 : 4, arbitrary: fc.constant(undefined) },
  );
}

/** A path parameter: a real id from the seeded data most of the time, else anything. */
export function pathValue(pool: string[]): fc.Arbitrary<string> {
  const real = pool.length > 0 ? [{ weight: 6, arbitrary: fc.constantFrom(...pool) }] : [];
  return fc.oneof(...real, { weight: 2, arbitrary: idLike }, { weight: 2, arbitrary: anyString });
}

export const queryValue: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: -2, max: 50 }).map(String),
  fc.constantFrom('99999999999999999999', '-99999999999999999999', '1e3', 'true', 'false', ''),
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
  fc
    .record({ match: fc.array(fc.dictionary(idLike, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 })) })
    .map((v) => JSON.stringify(v)),
  anyString,
);

/** Usually absent, sometimes one of `values`. */
const rarely = (...values: fc.Arbitrary<string>[]) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant(undefined) },
    ...values.map((v) => ({ weight: 1, arbitrary: v })),
  );

/** Headers a client or an attacker might send; mostly what a real client sends. */
export const headerSet: fc.Arbitrary<Record<string, string>> = fc
  .record({
    'content-type': fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8') },
      {
        weight: 1,
        arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml'),
      },
    ),
    'if-match': rarely(fc.constantFrom('"1"', '*', 'W/"2"', '"garbage"', '1.5'), anyString),
    'x-user-id': rarely(anyString),
    origin: rarely(fc.constantFrom('http://evil.example', 'null', 'http://localhost:80')),
    'sec-fetch-site': rarely(fc.constantFrom('cross-site', 'same-origin', 'none')),
    host: rarely(fc.constantFrom('rebind.attacker.example', '127.0.0.1:9090', '[::1]')),
    accept: rarely(fc.constantFrom('application/json', 'text/html', '*/*')),
  })
  .map((h) =>
    Object.fromEntries(
      Object.entries(h).filter(
        (e): e is [string, string] => e[1] !== undefined && /^[\t\x20-\x7e]*$/.test(e[1]),
      ),
    ),
  );

import type { FastifyInstance } from 'fastify';

interface Entry {
  pattern: RegExp;
  methods: Set<string>;
}

// Process-wide is fine: patterns are the same for every app instance built in one process.
const entries = new Map<string, Entry>();

function toPattern(url: string): RegExp {
  const body = url
    .replace(/\/+$/, '')
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${body}/?$`);
}

/** Records each route's methods so unmatched requests can answer 405/OPTIONS with `allow`. */
export function trackRoutes(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (route.url.includes('*')) return;
    const key = route.url.replace(/\/+$/, '') || '/';
    const entry = entries.get(key) ?? { pattern: toPattern(route.url), methods: new Set<string>() };
    for (const m of [route.method].flat()) entry.methods.add(m);
    entries.set(key, entry);
  });
}

export function allowedMethods(path: string): string[] {
  const found = new Set<string>();
  for (const entry of entries.values()) {
    if (entry.pattern.test(path)) for (const m of entry.methods) found.add(m);
  }
  const order = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
  return order.filter((m) => found.has(m));
}

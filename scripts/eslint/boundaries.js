// The package boundaries of the monorepo as ESLint rules (docs/architecture.md): each rule looks at
// the specifier of every import, export-from and import() and names the boundary it crosses.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Workspace folders (repo-relative, e.g. libs/store) with their package name and entry points. */
function readWorkspaces() {
  const found = new Map();
  for (const parent of ['libs', 'apps']) {
    for (const name of readdirSync(join(ROOT, parent))) found.set(`${parent}/${name}`, null);
  }
  found.set('e2e', null);
  const byDir = new Map();
  for (const dir of found.keys()) {
    const file = join(ROOT, dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8'));
    const exports = typeof pkg.exports === 'object' && pkg.exports ? Object.keys(pkg.exports) : ['.'];
    byDir.set(dir, { dir, name: pkg.name, entries: new Set(exports) });
  }
  return byDir;
}

const WORKSPACES = readWorkspaces();
const byName = new Map([...WORKSPACES.values()].map((w) => [w.name, w]));

/** The workspace folder a file belongs to (libs/x, apps/x, e2e), or undefined (root tooling). */
function workspaceOf(file) {
  const rel = relative(ROOT, file).split(sep);
  if (rel[0] === 'e2e') return 'e2e';
  if ((rel[0] === 'libs' || rel[0] === 'apps') && rel.length > 2) return `${rel[0]}/${rel[1]}`;
  return undefined;
}

const packageName = (spec) => {
  const m = /^(@freezer\/[^/]+)(\/.*)?$/.exec(spec);
  return m ? { name: m[1], subpath: m[2] ? `.${m[2]}` : '.' } : undefined;
};

const APPS = new Set([...WORKSPACES.values()].filter((w) => w.dir.startsWith('apps/')).map((w) => w.name));
/** The only libraries that run in a browser: no node built-ins, no server code behind them. */
const BROWSER_LIBS = new Set(['@freezer/schema', '@freezer/api-client']);
const TEST_TOOLS =
  /^(@freezer\/testkit|vitest|@vitest\/[^/]+|@playwright\/test|playwright|playwright-core|fast-check|@testing-library\/[^/]+)(\/|$)/;

/** A rule that checks each import specifier; `check` returns a message or undefined. */
function importRule(description, check) {
  return {
    meta: { type: 'problem', docs: { description }, schema: [] },
    create(context) {
      const file = context.physicalFilename ?? context.filename;
      const visit = (source) => {
        if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
        const message = check(source.value, file);
        if (message) context.report({ node: source, message });
      };
      return {
        ImportDeclaration: (node) => visit(node.source),
        ExportNamedDeclaration: (node) => visit(node.source),
        ExportAllDeclaration: (node) => visit(node.source),
        ImportExpression: (node) => visit(node.source),
      };
    },
  };
}

const relativeTarget = (spec, file) => (spec.startsWith('.') ? resolve(dirname(file), spec) : undefined);

export const boundaries = {
  meta: { name: 'freezer-boundaries' },
  rules: {
    'lib-imports-app': importRule('libraries never import applications', (spec, file) => {
      const pkg = packageName(spec);
      if (pkg && APPS.has(pkg.name))
        return `a library must not import an application (${pkg.name}): move the shared code into a lib`;
      const target = relativeTarget(spec, file);
      if (target && workspaceOf(target)?.startsWith('apps/'))
        return `a library must not import an application (${workspaceOf(target)}): move the shared code into a lib`;
      return undefined;
    }),
    'browser-imports-node': importRule('the browser imports only browser-safe libraries', (spec) => {
      const pkg = packageName(spec);
      if (pkg && !BROWSER_LIBS.has(pkg.name))
        return `apps/web runs in the browser: ${pkg.name} is server or node-only code (allowed: ${[...BROWSER_LIBS].join(', ')})`;
      if (isBuiltin(spec)) return `apps/web runs in the browser: ${spec} is a node built-in`;
      return undefined;
    }),
    'product-imports-test-tool': importRule('product code never imports test tools', (spec) =>
      TEST_TOOLS.test(spec) ? `product code (src/) must not import the test tool ${spec}` : undefined,
    ),
    'package-entry-only': importRule(
      'another package only through its package name and entry points',
      (spec, file) => {
        const pkg = packageName(spec);
        if (pkg) {
          const target = byName.get(pkg.name);
          if (target && !target.entries.has(pkg.subpath))
            return `${spec} reaches inside ${pkg.name}: import its entry point (${[...target.entries].map((e) => (e === '.' ? pkg.name : `${pkg.name}${e.slice(1)}`)).join(', ')})`;
          return undefined;
        }
        const target = relativeTarget(spec, file);
        if (!target) return undefined;
        const to = workspaceOf(target);
        if (to && to !== workspaceOf(file)) {
          const name = WORKSPACES.get(to)?.name ?? to;
          return `relative path into another package (${to}): import it by its package name (${name})`;
        }
        return undefined;
      },
    ),
  },
};

// Each boundary rule of eslint.config.js bites: snippets that cross a boundary, linted as if they lived
// at a given path in the repository, get exactly the expected rule's error; the allowed forms do not.
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

/** The rule ids reported for `code` as if it were the file `path` (repo-relative). */
async function rulesFor(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${path}` });
  const messages = result?.messages ?? [];
  const fatal = messages.find((m) => m.fatal);
  if (fatal) throw new Error(`${path}: ${fatal.message}`);
  return messages
    .map((m) => m.ruleId ?? '')
    .filter((id) => id.startsWith('boundaries/') || id.startsWith('import-x/'));
}

describe('package boundaries in eslint.config.js', () => {
  it('libraries never import applications, by package name or by path', async () => {
    expect(
      await rulesFor('libs/storage/src/fixture.ts', "export { buildApp } from '@freezer/api';\n"),
    ).toEqual(['boundaries/lib-imports-app']);
    expect(await rulesFor('libs/engine/test/fixture.ts', "import '@freezer/scheduler-app';\n")).toEqual([
      'boundaries/lib-imports-app',
    ]);
    expect(
      await rulesFor('libs/store/src/fixture.ts', "import '../../../apps/api/src/config.js';\n"),
    ).toEqual(['boundaries/package-entry-only', 'boundaries/lib-imports-app']);
    expect(await rulesFor('apps/agent/src/fixture.ts', "export * from '@freezer/engine';\n")).toEqual([]);
  });

  it('the browser never imports the server, the store, the engine, node-only libs or node built-ins', async () => {
    const forbidden = [
      '@freezer/api',
      '@freezer/store',
      '@freezer/engine',
      '@freezer/storage',
      'node:fs',
      'path',
    ];
    for (const spec of forbidden) {
      expect(await rulesFor('apps/web/src/features/x/fixture.ts', `import '${spec}';\n`), spec).toEqual([
        'boundaries/browser-imports-node',
      ]);
    }
    expect(
      await rulesFor(
        'apps/web/src/fixture.tsx',
        "export { jobSchema } from '@freezer/schema';\nexport const n = 1;\n",
      ),
    ).toEqual([]);
  });

  it('product code never imports test tools; tests next to it and under test/ may', async () => {
    const tools = ['@freezer/testkit', 'vitest', '@playwright/test', 'fast-check'];
    for (const spec of tools) {
      expect(await rulesFor('libs/engine/src/fixture.ts', `import '${spec}';\n`), spec).toEqual([
        'boundaries/product-imports-test-tool',
      ]);
      expect(await rulesFor('apps/api/src/plugins/fixture.ts', `import '${spec}';\n`), spec).toEqual([
        'boundaries/product-imports-test-tool',
      ]);
    }
    expect(await rulesFor('libs/engine/src/fixture.test.ts', "import 'vitest';\n")).toEqual([]);
    expect(await rulesFor('libs/engine/test/fixture.ts', "import '@freezer/testkit';\n")).toEqual([]);
  });

  it('another package only through its package name and declared entry points', async () => {
    expect(await rulesFor('libs/engine/src/fixture.ts', "import '../../storage/src/index.js';\n")).toEqual([
      'boundaries/package-entry-only',
    ]);
    expect(
      await rulesFor('apps/agent/test/fixture.ts', "import '../../../libs/engine/src/options.js';\n"),
    ).toEqual(['boundaries/package-entry-only']);
    expect(await rulesFor('libs/engine/src/fixture.ts', "import '@freezer/storage/src/index.js';\n")).toEqual(
      ['boundaries/package-entry-only'],
    );
    const allowed = [
      "import '@freezer/storage';",
      "import '@freezer/store/package.json';",
      "import '@freezer/testkit/postgres-global-setup';",
      "import './errors.js';",
    ];
    expect(await rulesFor('libs/engine/test/fixture.ts', `${allowed.join('\n')}\n`)).toEqual([]);
  });

  it('no import cycles', async () => {
    const withFixtures = new ESLint({ cwd: ROOT, ignore: false });
    const results = await withFixtures.lintFiles(['scripts/eslint/fixtures/cycle/*.ts']);
    expect(results.flatMap((r) => r.messages.map((m) => m.ruleId))).toEqual([
      'import-x/no-cycle',
      'import-x/no-cycle',
    ]);
  });
});

import { DEFAULT_DB_PATH, isPostgresUrl, openStore, redactUrl, sqlitePathFromUrl } from '@freezer/store';
import { Command } from 'commander';
import { createInterface } from 'node:readline';
import { DEFAULT_ADMIN_NAME, SetupError, createAdmin } from './plugins/auth/initial-admin.js';
import { parseSubcommand } from './subcommand.js';

async function readPasswordFromStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('admin password: ');
  const rl = createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return '';
}

/**
 * `freezer-api setup-admin [--db URL] [--name admin]`: creates the first global administrator.
 * The password comes from FREEZER_ADMIN_PASSWORD or the first line of stdin, never from argv
 * (argv is visible to every user in `ps`). Returns the exit code.
 */
export async function runSetupAdmin(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const program = new Command('freezer-api setup-admin')
    .description('create the first global administrator (password from FREEZER_ADMIN_PASSWORD or stdin)')
    .option(
      '--db <url>',
      'SQLite file or postgresql:// URL (env DATABASE_URL)',
      env.DATABASE_URL ?? DEFAULT_DB_PATH,
    )
    .option(
      '--name <name>',
      'user name (env FREEZER_ADMIN_USER)',
      env.FREEZER_ADMIN_USER || DEFAULT_ADMIN_NAME,
    );
  const parsed = parseSubcommand(program, argv);
  if (parsed !== undefined) return parsed;
  const o = program.opts<{ db: string; name: string }>();
  const password = env.FREEZER_ADMIN_PASSWORD || (await readPasswordFromStdin());
  const url = isPostgresUrl(o.db) ? o.db : sqlitePathFromUrl(o.db);
  let store;
  try {
    store = await openStore({ url });
  } catch (err) {
    console.error(
      `freezer-api setup-admin: cannot open database ${redactUrl(url)}: ${(err as Error).message}`,
    );
    return 1;
  }
  try {
    await createAdmin(store, o.name, password);
    console.log(`created global administrator ${o.name}`);
    return 0;
  } catch (err) {
    if (err instanceof SetupError) {
      console.error(`freezer-api setup-admin: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    await store.close();
  }
}

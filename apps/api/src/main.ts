import { FREEZER_VERSION } from '@freezer/schema';
import { openStore, redactUrl } from '@freezer/store';
import { CommanderError } from 'commander';
import { buildApp } from './app.js';
import { UsageError, parseConfig } from './config.js';

async function main(): Promise<number> {
  let config;
  try {
    config = parseConfig(process.argv.slice(2), process.env, FREEZER_VERSION);
  } catch (err) {
    // --version / --help: commander has already printed them.
    if (err instanceof CommanderError) return 0;
    if (err instanceof UsageError || err instanceof Error) {
      console.error(`freezer-api: ${err.message}`);
      return err instanceof UsageError ? 2 : 1;
    }
    throw err;
  }
  let store;
  try {
    store = await openStore({ url: config.dbUrl });
  } catch (err) {
    console.error(`freezer-api: cannot open database ${redactUrl(config.dbUrl)}: ${(err as Error).message}`);
    return 1;
  }
  const app = await buildApp({ store, webRoot: config.webRoot, logger: { level: config.logLevel } });
  const stop = async (signal: string) => {
    app.log.info({ signal }, 'stopping');
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    console.error(`freezer-api: cannot listen on ${config.host}:${config.port}: ${(err as Error).message}`);
    await store.close();
    return 1;
  }
  app.log.info({ db: store.dbPath, webRoot: config.webRoot }, `freezer-api ${FREEZER_VERSION} ready`);
  return -1;
}

const code = await main();
if (code >= 0) process.exit(code);

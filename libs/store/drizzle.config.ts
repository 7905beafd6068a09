import { defineConfig } from 'drizzle-kit';

// `npx drizzle-kit generate --config libs/store/drizzle.config.ts` after changing src/tables.ts.
export default defineConfig({
  dialect: 'sqlite',
  schema: [
    './libs/store/src/tables.ts',
    './libs/store/src/tables-auth.ts',
    './libs/store/src/tables-catalog.ts',
    './libs/store/src/tables-limits.ts',
    './libs/store/src/tables-alerts.ts',
    './libs/store/src/tables-drills.ts',
  ],
  out: './libs/store/drizzle',
});

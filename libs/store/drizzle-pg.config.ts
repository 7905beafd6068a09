import { defineConfig } from 'drizzle-kit';

// `npx drizzle-kit generate --config libs/store/drizzle-pg.config.ts` after changing src/tables-pg.ts
// (always together with tables.ts + drizzle.config.ts, so both histories keep the same steps).
export default defineConfig({
  dialect: 'postgresql',
  schema: [
    './libs/store/src/tables-pg.ts',
    './libs/store/src/tables-auth-pg.ts',
    './libs/store/src/tables-catalog-pg.ts',
    './libs/store/src/tables-limits-pg.ts',
    './libs/store/src/tables-alerts-pg.ts',
    './libs/store/src/tables-drills-pg.ts',
  ],
  out: './libs/store/drizzle-pg',
});

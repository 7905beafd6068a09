// What the kit's Vitest globalSetup provides to tests: inject('freezerPgUrl') is typed wherever the
// kit is imported.
declare module 'vitest' {
  export interface ProvidedContext {
    freezerPgUrl: string;
  }
}

import type {} from 'vitest';

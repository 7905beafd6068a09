// Compile-time only: the API's documents (zod types in @freezer/schema) must fit the looser shapes
// the pages read. If the API changes a field the UI relies on, `npx tsc` fails here, not in a browser.
import type {
  BackupDoc as WireBackup,
  ClientDoc as WireClient,
  JobDoc as WireJob,
  SessionDoc as WireSession,
} from '@freezer/schema';
import type { BackupDoc } from '../features/backups/api/types';
import type { ClientDoc } from '../features/clients/api/types';
import type { Job } from '../features/jobs/api/types';
import type { Session } from '../features/sessions/api/types';

type Expect<T extends true> = T;
type Fits<A, B> = A extends B ? true : false;

export type _WireShapesFit = [
  Expect<Fits<WireJob, Job>>,
  Expect<Fits<WireClient, ClientDoc>>,
  Expect<Fits<WireSession, Session>>,
  Expect<Fits<WireBackup, BackupDoc>>,
];

import { z } from 'zod';
import { clientIdString, hostnamePattern, idString } from './common.js';
import { isTimeZone } from './time-zone.js';

const names = z.array(z.string());

/** Our registration extensions: what the scheduler node can do. */
export const ClientCapabilities = {
  version: z.string().optional(),
  supported_actions: names.optional(),
  supported_modes: names.optional(),
  supported_storages: names.optional(),
  supported_engines: names.optional(),
  /** The node's IANA zone: its schedules' default zone (the dashboard shows times in it on request). */
  time_zone: z
    .string()
    .refine(isTimeZone, { message: 'must be an IANA time zone such as "Europe/Paris" or "UTC"' })
    .optional(),
};

/** POST /clients. Open like the stock schema (unknown keys are accepted, not stored). */
export const ClientCreate = z.looseObject({
  client_id: clientIdString,
  hostname: z.string().regex(hostnamePattern, { message: 'must be a host name' }).optional(),
  description: z.string().nullable().optional(),
  uuid: idString.optional(),
  ...ClientCapabilities,
});
export type ClientCreate = z.infer<typeof ClientCreate>;

/** POST /clients/{id}/heartbeat: any subset of the registration fields (closed: a typo is an error). */
export const ClientHeartbeat = z.strictObject({
  hostname: z.string().regex(hostnamePattern, { message: 'must be a host name' }).optional(),
  description: z.string().nullable().optional(),
  ...ClientCapabilities,
});
export type ClientHeartbeat = z.infer<typeof ClientHeartbeat>;

export const ClientInfo = z.object({
  uuid: z.string(),
  client_id: z.string(),
  hostname: z.string().nullable(),
  description: z.string().nullable(),
  ...ClientCapabilities,
  /** Epoch seconds of the last registration or heartbeat. */
  last_seen: z.number().int().nullable(),
  registered_at: z.number().int(),
});
export type ClientInfo = z.infer<typeof ClientInfo>;

export const ClientDoc = z.object({ project_id: z.string(), user_id: z.string(), client: ClientInfo });
export type ClientDoc = z.infer<typeof ClientDoc>;

import { z } from 'zod';
import { idString, int } from './common.js';
import { FreezerAction } from './freezer-action.js';

/** POST /actions (open like the stock `action_schema`). */
export const ActionCreate = z.looseObject({
  freezer_action: FreezerAction,
  action_id: idString.optional(),
  max_retries: int.min(0).nullable().optional(),
  max_retries_interval: int.min(0).nullable().optional(),
  mandatory: z.boolean().optional(),
  user_id: z.string().optional(),
  project_id: z.string().optional(),
  _version: int.optional(),
});
export type ActionCreate = z.infer<typeof ActionCreate>;

export const ActionPatch = ActionCreate.partial();
export type ActionPatch = z.infer<typeof ActionPatch>;

export const ActionDoc = z.object({
  project_id: z.string(),
  user_id: z.string(),
  action_id: z.string(),
  max_retries: z.number().int().nullable(),
  max_retries_interval: z.number().int().nullable(),
  mandatory: z.boolean(),
  timeout: z.number().int().nullable(),
  freezer_action: FreezerAction,
});
export type ActionDoc = z.infer<typeof ActionDoc>;

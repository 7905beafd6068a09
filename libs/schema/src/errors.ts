import { z } from 'zod';

/** Every 4xx/5xx JSON body, as the stock falcon app shapes it. */
export const ErrorBody = z.object({
  title: z.string(),
  description: z.string().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

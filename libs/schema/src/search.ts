import { z } from 'zod';

const pairs = z.array(z.record(z.string(), z.unknown()));

/**
 * The list search filter: sent as a GET body (stock clients) or as `?search=<JSON>` (browsers).
 * A document matches when every `match` pair is equal and no `match_not` pair is.
 */
export const SearchFilter = z.strictObject({
  match: pairs.optional(),
  match_not: pairs.optional(),
});
export type SearchFilter = z.infer<typeof SearchFilter>;

export const ListQuery = z.object({
  limit: z.string().optional(),
  offset: z.string().optional(),
  search: z.string().optional(),
});

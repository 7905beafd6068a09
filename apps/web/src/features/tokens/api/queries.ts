import type { TokenCreate, TokenCreated, TokenDoc } from '@freezer/schema';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/http';

const TOKENS_KEY = ['tokens'] as const;

/** The logged-in user's API tokens (never their secrets). */
export function useTokens() {
  return useQuery({
    queryKey: TOKENS_KEY,
    queryFn: ({ signal }) =>
      apiRequest<{ tokens: TokenDoc[] }>('/auth/tokens', { signal }).then((b) => b.tokens),
  });
}

/** The reply is the only time the secret exists outside the caller: it is stored hashed. */
export function useCreateToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TokenCreate) => apiRequest<TokenCreated>('/auth/tokens', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: TOKENS_KEY }),
  });
}

export function useRevokeToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: string) =>
      apiRequest<void>(`/auth/tokens/${encodeURIComponent(tokenId)}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: TOKENS_KEY }),
  });
}

import type { TokenCreate } from '@freezer/schema';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api';

const TOKENS_KEY = ['tokens'] as const;

/** The logged-in user's API tokens (never their secrets). */
export function useTokens() {
  return useQuery({
    queryKey: TOKENS_KEY,
    queryFn: ({ signal }) => apiClient(undefined, signal).listTokens(),
  });
}

/** The reply is the only time the secret exists outside the caller: it is stored hashed. */
export function useCreateToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TokenCreate) => apiClient().createToken(body),
    onSuccess: () => qc.invalidateQueries({ queryKey: TOKENS_KEY }),
  });
}

export function useRevokeToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: string) => apiClient().revokeToken(tokenId),
    onSuccess: () => qc.invalidateQueries({ queryKey: TOKENS_KEY }),
  });
}

// The viewer's API tokens: list, create (the secret is in the answer, once), revoke.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/errors";
import { upsertToken, type Token } from "../tokens";

const tokensKey = ["me", "tokens"] as const;

export function useTokens() {
  return useQuery({ queryKey: tokensKey, queryFn: ({ signal }) => unwrap(api.GET("/api/v1/me/tokens", { signal })) });
}

/** `key` is the Idempotency-Key of this attempt at this name: a resend after a lost answer gets
 * the same token back rather than a second one. */
export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ name, key }: { name: string; key: string }) => unwrap(api.POST("/api/v1/me/tokens", { body: { name }, headers: { "Idempotency-Key": key } })),
    onSuccess: (token) => queryClient.setQueryData(tokensKey, (list: Token[] | undefined) => upsertToken(list ?? [], token)),
  });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => unwrap(api.DELETE("/api/v1/me/tokens/{id}", { params: { path: { id } } })),
    onSuccess: (token) => queryClient.setQueryData(tokensKey, (list: Token[] | undefined) => upsertToken(list ?? [], token)),
  });
}

// Everyone who can sign in (admins): the list a page at a time, adding and changing users. Every
// write also invalidates the directory (src/api/people.ts), so pickers and names follow.
import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, type RequestBody } from "../../api/client";
import { usePagedList } from "../../api/cursor";
import { unwrap } from "../../api/errors";
import { peopleKey } from "../../api/people";

const usersKey = ["users"] as const;
const PAGE = 100;

export function useUsers() {
  return usePagedList({
    queryKey: usersKey,
    fetchPage: (cursor, signal) => unwrap(api.GET("/api/v1/users", { params: { query: { limit: PAGE, ...(cursor ? { cursor } : {}) } }, signal })),
  });
}

const usersChanged = (queryClient: QueryClient) => Promise.all([queryClient.invalidateQueries({ queryKey: usersKey }), queryClient.invalidateQueries({ queryKey: peopleKey })]);

/** `key` is the Idempotency-Key of this attempt: a resend after a lost answer adds them once. */
export function useAddUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: RequestBody<"create_user">; key: string }) => unwrap(api.POST("/api/v1/users", { body, headers: { "Idempotency-Key": key } })),
    onSuccess: () => usersChanged(queryClient),
  });
}

/** Role, active or password. */
export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, change }: { id: number; change: RequestBody<"update_user"> }) => unwrap(api.PATCH("/api/v1/users/{id}", { params: { path: { id } }, body: change })),
    onSuccess: () => usersChanged(queryClient),
  });
}

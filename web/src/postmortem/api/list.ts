// The postmortems the caller may see, most recently changed first, optionally in one state.
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/errors";
import type { components } from "../../api/schema";
import { postmortemListsKey } from "./postmortem";

export type PostmortemListItem = components["schemas"]["PostmortemListItemDto"];

/** `state` "" is every state: the parameter is then left out (the server refuses unknown ones). */
export function usePostmortemList(state: string) {
  return useQuery({
    queryKey: [...postmortemListsKey, state],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/postmortems", { params: { query: state ? { state } : {} }, signal })),
  });
}

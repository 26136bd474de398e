// Teams: one team, and the writes (the team itself, its members). The list of every team is shared
// (src/api/lists.ts: paging from the room and subscriptions read it too); every write here
// invalidates it, and a team's answer replaces its cached copy.
import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, type RequestBody } from "../../api/client";
import { unwrap } from "../../api/errors";
import { listKeys, type Team } from "../../api/lists";

export const teamKey = (id: number) => [...listKeys.teams, id] as const;

const path = (id: number) => ({ params: { path: { id } } });

/** Every team (shared: paging from the room and subscriptions read it too). */
export { useTeams } from "../../api/lists";

export function useTeam(id: number) {
  return useQuery({ queryKey: teamKey(id), queryFn: ({ signal }) => unwrap(api.GET("/api/v1/teams/{id}", { ...path(id), signal })) });
}

/** The team as answered, everywhere: its page now, the list when next shown. */
function remember(queryClient: QueryClient, team: Team) {
  queryClient.setQueryData(teamKey(team.id), team);
  return queryClient.invalidateQueries({ queryKey: listKeys.teams, exact: true });
}

export function useCreateTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RequestBody<"create_team">) => unwrap(api.POST("/api/v1/teams", { body })),
    onSuccess: (team) => remember(queryClient, team),
  });
}

export function useSaveTeam(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RequestBody<"update_team">) => unwrap(api.PATCH("/api/v1/teams/{id}", { ...path(id), body })),
    onSuccess: (team) => remember(queryClient, team),
  });
}

export function useDeleteTeam(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/teams/{id}", path(id))),
    // Only the list: the team's own query would answer 404 while its page is still open.
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: listKeys.teams, exact: true }),
  });
}

/** Adds someone to the team or changes their team role (null: a plain member). */
export function useSetTeamMember(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, role }: { userId: number; role: string | null }) => unwrap(api.PUT("/api/v1/teams/{id}/members/{user_id}", { params: { path: { id, user_id: userId } }, body: { role } })),
    onSuccess: (team) => remember(queryClient, team),
  });
}

export function useRemoveTeamMember(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: number) => unwrap(api.DELETE("/api/v1/teams/{id}/members/{user_id}", { params: { path: { id, user_id: userId } } })),
    onSuccess: (team) => remember(queryClient, team),
  });
}

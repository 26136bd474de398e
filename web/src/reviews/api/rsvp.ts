// A review invitation's personal answer link (`/rsvp/:token`): the token in the path is the
// credential, so these calls send no cookie (and so need no CSRF header), like the reading link.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/errors";
import type { components } from "../../api/schema";
import type { Answer } from "../../reviewWords";

export type Invitation = components["schemas"]["InvitationDto"];

const anonymous = { credentials: "omit" as const };
export const invitationKey = (token: string) => ["rsvp", token] as const;

/** The invitation the link answers. Reading it answers nothing (mail scanners follow links), so
 * it may be asked again: coming back to the page shows the meeting as it stands (moved,
 * cancelled), and while `watching` (a required attendee just declined) it is asked every few
 * seconds, to show the new time once Goldseam has moved the meeting. */
export function useInvitation(token: string, watching = false) {
  return useQuery({
    queryKey: invitationKey(token),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/rsvp/{token}", { params: { path: { token } }, signal, ...anonymous })),
    refetchOnWindowFocus: true,
    refetchInterval: (query) => (watching && query.state.data?.answer === "declined" ? 2_000 : false),
  });
}

/** Accept, decline or maybe; the answer is the invitation after it. 409: cancelled or over. */
export function useAnswerInvitation(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (answer: Answer) => unwrap(api.POST("/api/v1/rsvp/{token}", { params: { path: { token } }, body: { answer }, ...anonymous })),
    onSuccess: (invitation) => queryClient.setQueryData(invitationKey(token), invitation),
  });
}

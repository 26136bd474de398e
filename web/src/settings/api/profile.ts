// The viewer's profile (time zone, working hours) and personal calendar feed.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type RequestBody } from "../../api/client";
import { unwrap } from "../../api/errors";
import { profileKey } from "../../api/profile";

export { useProfile } from "../../api/profile";

const feedKey = ["me", "calendar-feed"] as const;

/** Changes part of the profile; the answer (the whole profile) replaces the cached one. */
export function useSaveProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: RequestBody<"update_my_profile">) => unwrap(api.PATCH("/api/v1/me/profile", { body: change })),
    onSuccess: (profile) => queryClient.setQueryData(profileKey, profile),
  });
}

/** When the feed address was made (created_at null: never). */
export function useCalendarFeed() {
  return useQuery({ queryKey: feedKey, queryFn: ({ signal }) => unwrap(api.GET("/api/v1/me/calendar-feed", { signal })) });
}

/** Makes a new feed address (the old one stops working); its secret is in the answer, once. */
export function useMakeCalendarFeed() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/me/calendar-feed")),
    onSuccess: () => queryClient.setQueryData(feedKey, { created_at: new Date().toISOString() }),
  });
}

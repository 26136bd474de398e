// The viewer's profile (time zone, working hours): settings edit it; other pages read the zone
// (a new review slot starts in it).
import { useQuery } from "@tanstack/react-query";
import { api } from "./client";
import { unwrap } from "./errors";

export const profileKey = ["me", "profile"] as const;

export function useProfile() {
  return useQuery({ queryKey: profileKey, queryFn: ({ signal }) => unwrap(api.GET("/api/v1/me/profile", { signal })) });
}

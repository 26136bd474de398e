// How Goldseam works in chat (Slack today): where incidents are announced, whether each gets a
// channel and its name, the pin emoji, archiving and status-update reminders. Only settings read
// it; the chat engine on the server reads the stored settings each time it acts.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/errors";
import type { components } from "../../api/schema";

export type ChatSettings = components["schemas"]["ChatSettingsDto"];

const settingsKey = ["chat-settings"] as const;

export function useChatSettings() {
  return useQuery({ queryKey: settingsKey, queryFn: ({ signal }) => unwrap(api.GET("/api/v1/chat/settings", { signal })) });
}

/** Replaces the settings whole (admins). A 422 names one field, the first mistake found;
 * nothing is saved. */
export function useSaveChatSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChatSettings) => unwrap(api.PUT("/api/v1/chat/settings", { body })),
    onSuccess: (saved) => queryClient.setQueryData(settingsKey, saved),
  });
}

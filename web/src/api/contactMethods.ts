// The viewer's contact methods (email, SMS, Slack...): settings manages them, and subscription
// lists read them to warn of channels that cannot reach you. Settings' writes update this cache.
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "./client";
import { unwrap } from "./errors";
import type { components } from "./schema";

export type ContactMethod = components["schemas"]["ContactMethodDto"];

export const contactMethodsKey = ["me", "contact-methods"] as const;

export const contactMethodsQuery = queryOptions({
  queryKey: contactMethodsKey,
  queryFn: ({ signal }) => unwrap(api.GET("/api/v1/me/contact-methods", { signal })),
});

export const useContactMethods = (enabled = true) => useQuery({ ...contactMethodsQuery, enabled });

// The contributing-factor taxonomy: the postmortem editor offers it, settings edit it (and put
// the saved list here, so open editors offer the change at once).
import { useQuery } from "@tanstack/react-query";
import { api } from "./client";
import type { components } from "./schema";
import { unwrap } from "./errors";

export type FactorCategory = components["schemas"]["FactorCategoryDto"];

export const factorCategoriesKey = ["postmortem-factor-categories"] as const;

export function useFactorCategories() {
  return useQuery({
    queryKey: factorCategoriesKey,
    queryFn: async ({ signal }) => (await unwrap(api.GET("/api/v1/postmortem-factor-categories", { signal }))).categories,
    staleTime: Infinity,
  });
}

// Postmortem settings: each incident type's template, and the contributing-factor taxonomy. A
// saved taxonomy replaces the shared cached one, so open editors offer it at once.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/errors";
import { factorCategoriesKey } from "../../api/postmortems";
import type { components } from "../../api/schema";

export type Template = components["schemas"]["TemplateDto"];
export type TemplateSection = components["schemas"]["TemplateSectionDto"];
export type FactorCategories = components["schemas"]["FactorCategoriesDto"];

const templateKey = (type: string) => ["postmortem-template", type] as const;

export function usePostmortemTemplate(type: string) {
  return useQuery({
    queryKey: templateKey(type),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/postmortem-templates/{type}", { params: { path: { type } }, signal })),
    enabled: type !== "",
  });
}

/** Replaces `type`'s template (only `sections` is sent: `customized` is the server's to say). */
export function useSavePostmortemTemplate(type: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (sections: TemplateSection[]) => unwrap(api.PUT("/api/v1/postmortem-templates/{type}", { params: { path: { type } }, body: { sections } })),
    onSuccess: (template) => queryClient.setQueryData(templateKey(type), template),
  });
}

export function useSaveFactorCategories() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (categories: FactorCategories["categories"]) => unwrap(api.PUT("/api/v1/postmortem-factor-categories", { body: { categories } })),
    onSuccess: (saved) => queryClient.setQueryData(factorCategoriesKey, saved.categories),
  });
}

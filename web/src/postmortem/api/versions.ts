// Published versions: the list, what changed between two of them, and where each one's Markdown
// is (a plain link: the browser shows it as text).
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/errors";
import { incidentKeys } from "../../api/incidents";
import type { components } from "../../api/schema";

export type Version = components["schemas"]["VersionDto"];
export type DiffLine = components["schemas"]["DiffLine"];

export const versionsKey = (ref: string) => incidentKeys.about(ref, "postmortem-versions");

export function useVersions(ref: string) {
  return useQuery({
    queryKey: versionsKey(ref),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/incidents/{ref}/postmortem/versions", { params: { path: { ref } }, signal })),
  });
}

/** What changed from `from` to `to`, line by line; published versions never change, so a diff
 * once read is kept. Asked only for two different versions. */
export function useVersionDiff(ref: string, from: number, to: number) {
  return useQuery({
    queryKey: [...versionsKey(ref), "diff", from, to],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/incidents/{ref}/postmortem/versions/{from}/diff/{to}", { params: { path: { ref, from, to } }, signal })),
    enabled: from > 0 && to > 0 && from !== to,
    staleTime: Infinity,
  });
}

const base = (ref: string) => `/api/v1/incidents/${encodeURIComponent(ref)}/postmortem`;
/** The current document as Markdown. */
export const markdownExportUrl = (ref: string) => `${base(ref)}/export.md`;
/** A published version as Markdown. */
export const versionExportUrl = (ref: string, version: number) => `${base(ref)}/versions/${version}/export.md`;

// Editing the incident catalog. Each PUT answers with the whole list, which replaces the cached
// one: the declare form, the room and every filter show the change at once.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { catalogKeys } from "../../api/catalog";
import { unwrap } from "../../api/errors";
import type { severityBody, typeBody } from "../catalog";

type SeverityBody = ReturnType<typeof severityBody>;
type TypeBody = ReturnType<typeof typeBody>;

/** Adds or changes the severity `key`. */
export function useSaveSeverity() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ key, body }: { key: string; body: SeverityBody }) => unwrap(api.PUT("/api/v1/severities/{key}", { params: { path: { key } }, body })),
    onSuccess: (list) => queryClient.setQueryData(catalogKeys.severities, list),
  });
}

/** Adds or changes the incident type `key`. */
export function useSaveIncidentType() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ key, body }: { key: string; body: TypeBody }) => unwrap(api.PUT("/api/v1/incident-types/{key}", { params: { path: { key } }, body })),
    onSuccess: (list) => queryClient.setQueryData(catalogKeys.types, list),
  });
}

// The service catalog's writes. The catalog itself is shared (src/api/lists.ts: the declare form
// and the room read it); each write invalidates it.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type RequestBody } from "../../api/client";
import { unwrap } from "../../api/errors";
import { listKeys } from "../../api/lists";

/** Every service, by name (shared: the declare form and the room read it too). */
export { useServices } from "../../api/lists";

function useServiceWrite<V, R>(send: (vars: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: send, onSuccess: () => queryClient.invalidateQueries({ queryKey: listKeys.services }) });
}

export const useCreateService = () => useServiceWrite((body: RequestBody<"create_service">) => unwrap(api.POST("/api/v1/services", { body })));

export const useSaveService = () =>
  useServiceWrite(({ id, body }: { id: number; body: RequestBody<"update_service"> }) => unwrap(api.PATCH("/api/v1/services/{id}", { params: { path: { id } }, body })));

export const useDeleteService = () => useServiceWrite((id: number) => unwrap(api.DELETE("/api/v1/services/{id}", { params: { path: { id } } })));

// The room's writes, one hook per endpoint. Each answers with the incident after it and the
// events it appended (a Change), applied to the cache at once; the lists are invalidated, since
// a change may move the incident in or out of a filter.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type RequestBody } from "../../api/client";
import { unwrap } from "../../api/errors";
import { isChange } from "../../api/incidents";
import { idempotencyKey } from "../../idempotency";
import { applyChange } from "./timeline";

type IncidentPatch = RequestBody<"update_incident">;

function useIncidentWrite<V>(send: (vars: V) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (answer) => {
      if (isChange(answer)) applyChange(queryClient, answer);
    },
  });
}

const at = (ref: string) => ({ path: { ref } });

/** Severity, status (with its reason), title, summary... */
export const useUpdateIncident = (ref: string) => useIncidentWrite((body: IncidentPatch) => unwrap(api.PATCH("/api/v1/incidents/{ref}", { params: at(ref), body })));

/** A comment; its Idempotency-Key makes a resend after a lost answer post it once. */
export const useAddComment = (ref: string) =>
  useIncidentWrite((body: string) => unwrap(api.POST("/api/v1/incidents/{ref}/comments", { params: at(ref), body: { body }, headers: { "Idempotency-Key": idempotencyKey() } })));

/** A status update for stakeholders, sent once like a comment. */
export const usePostStatusUpdate = (ref: string) =>
  useIncidentWrite((body: string) => unwrap(api.POST("/api/v1/incidents/{ref}/status-updates", { params: at(ref), body: { body }, headers: { "Idempotency-Key": idempotencyKey() } })));

export const useEditComment = (ref: string) =>
  useIncidentWrite(({ commentId, body }: { commentId: number; body: string }) =>
    unwrap(api.PATCH("/api/v1/incidents/{ref}/comments/{comment_id}", { params: { path: { ref, comment_id: commentId } }, body: { body } })),
  );

export const useDeleteComment = (ref: string) =>
  useIncidentWrite((commentId: number) => unwrap(api.DELETE("/api/v1/incidents/{ref}/comments/{comment_id}", { params: { path: { ref, comment_id: commentId } } })));

export const usePin = (ref: string) => useIncidentWrite((eventId: number) => unwrap(api.POST("/api/v1/incidents/{ref}/pins", { params: at(ref), body: { event_id: eventId } })));

export const useUnpin = (ref: string) => useIncidentWrite((eventId: number) => unwrap(api.DELETE("/api/v1/incidents/{ref}/pins/{event_id}", { params: { path: { ref, event_id: eventId } } })));

export const useAddTag = (ref: string) => useIncidentWrite((tag: string) => unwrap(api.POST("/api/v1/incidents/{ref}/tags", { params: at(ref), body: { tag } })));

export const useRemoveTag = (ref: string) => useIncidentWrite((tag: string) => unwrap(api.DELETE("/api/v1/incidents/{ref}/tags/{tag}", { params: { path: { ref, tag } } })));

export const useAssignRole = (ref: string) =>
  useIncidentWrite(({ role, userId }: { role: string; userId: number }) => unwrap(api.POST("/api/v1/incidents/{ref}/roles", { params: at(ref), body: { role, user_id: userId } })));

export const useRelieveRole = (ref: string) =>
  useIncidentWrite(({ role, userId }: { role: string; userId: number }) => unwrap(api.DELETE("/api/v1/incidents/{ref}/roles/{role}/{user_id}", { params: { path: { ref, role, user_id: userId } } })));

export const useAddService = (ref: string) => useIncidentWrite((serviceId: number) => unwrap(api.POST("/api/v1/incidents/{ref}/services", { params: at(ref), body: { service_id: serviceId } })));

export const useRemoveService = (ref: string) =>
  useIncidentWrite((serviceId: number) => unwrap(api.DELETE("/api/v1/incidents/{ref}/services/{service_id}", { params: { path: { ref, service_id: serviceId } } })));

// The public acknowledgement link from a page email: what it is for, and acknowledging through it.
// The token in the path is the credential: these calls send no cookie and no CSRF header.
import { useMutation, useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/errors";
import type { AckLink } from "../pages";

const anonymous = { credentials: "omit" as const };

/** Opening the link only reads (mail scanners follow links); it never acknowledges. */
export function useAckLink(token: string) {
  return useQuery({
    queryKey: ["ack", token],
    queryFn: ({ signal }): Promise<AckLink> => unwrap(api.GET("/api/v1/ack/{token}", { params: { path: { token } }, signal, ...anonymous })),
  });
}

export function useAcknowledgeLink(token: string) {
  return useMutation({
    mutationFn: (): Promise<AckLink> => unwrap(api.POST("/api/v1/ack/{token}", { params: { path: { token } }, ...anonymous })),
  });
}

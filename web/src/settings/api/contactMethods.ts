// Changing the viewer's contact methods. Each answer (the method as it is now) replaces it in the
// shared cache (src/api/contactMethods.ts), which the subscription lists read too.
import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, type RequestBody } from "../../api/client";
import { contactMethodsKey, type ContactMethod } from "../../api/contactMethods";
import { statusOf, unwrap } from "../../api/errors";

const put = (queryClient: QueryClient, m: ContactMethod) =>
  queryClient.setQueryData(contactMethodsKey, (list: ContactMethod[] | undefined) => (list?.some((x) => x.id === m.id) ? list.map((x) => (x.id === m.id ? m : x)) : [...(list ?? []), m]));

/** The methods as the server has them now (tries left, a locked or expired code). */
export const reloadContactMethods = (queryClient: QueryClient) => queryClient.invalidateQueries({ queryKey: contactMethodsKey });

export function useAddContactMethod() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RequestBody<"add_contact_method">) => unwrap(api.POST("/api/v1/me/contact-methods", { body })),
    onSuccess: (m) => put(queryClient, m),
  });
}

/** A new address, to be verified again. */
export function useChangeContactAddress(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (address: string) => unwrap(api.PATCH("/api/v1/me/contact-methods/{id}", { params: { path: { id } }, body: { address } })),
    onSuccess: (m) => put(queryClient, m),
  });
}

/** Sends a verification code. A refusal other than "too soon" (429) re-reads the methods: the
 * method may have changed meanwhile. */
export function useSendCode(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/me/contact-methods/{id}/verification", { params: { path: { id } } })),
    onSuccess: (sent) => put(queryClient, sent.contact_method),
    onError: (e) => statusOf(e) !== 429 && reloadContactMethods(queryClient),
  });
}

/** Confirms the code; whatever the outcome, the tries left come back with the methods. */
export function useConfirmCode(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => unwrap(api.POST("/api/v1/me/contact-methods/{id}/verification/confirm", { params: { path: { id } }, body: { code } })),
    onSuccess: (m) => put(queryClient, m),
    onError: () => reloadContactMethods(queryClient),
  });
}

export function useDeleteContactMethod(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/me/contact-methods/{id}", { params: { path: { id } } })),
    onSuccess: () => queryClient.setQueryData(contactMethodsKey, (list: ContactMethod[] | undefined) => list?.filter((x) => x.id !== id)),
  });
}

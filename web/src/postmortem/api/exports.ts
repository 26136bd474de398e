// The postmortem as HTML, for the print view: sanitized by the server, and again by the page
// before it is shown (see PrintView).
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/errors";
import { incidentKeys } from "../../api/incidents";

export function usePostmortemHtml(ref: string) {
  return useQuery({
    queryKey: incidentKeys.about(ref, "postmortem-html"),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/incidents/{ref}/postmortem/export.html", { params: { path: { ref } }, parseAs: "text", signal })),
  });
}

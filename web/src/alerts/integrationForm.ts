// The new-integration form: its fields as typed, the checks made before sending (the server's
// own limits), and the request it becomes.
import { checkText, collect, type FieldErrors } from "../components/forms";
import type { IntegrationRequest, SourceKind } from "./api/integrations";
import { signing } from "./kinds";

export interface IntegrationForm {
  kind: SourceKind | "";
  name: string;
  service_id: string;
  team_id: string;
  signing_secret: string;
}

export const EMPTY_FORM: IntegrationForm = { kind: "", name: "", service_id: "", team_id: "", signing_secret: "" };

export const FORM_LABELS = { kind: "Sender", name: "Name", service_id: "Service", team_id: "Team", signing_secret: "Signing secret" };

export function checkIntegration(form: IntegrationForm): FieldErrors {
  const sign = signing(form.kind);
  const secret = form.signing_secret;
  return collect({
    kind: form.kind ? null : "Choose the sender.",
    name: checkText(form.name, "a name", 100),
    signing_secret:
      sign === "required" && !secret.trim()
        ? "Paste the secret PagerDuty showed when you added the webhook subscription."
        : sign && secret.length > 512
          ? `This is ${secret.length} characters long; at most 512 are accepted.`
          : null,
  });
}

export function integrationRequest(form: IntegrationForm): IntegrationRequest {
  const secret = signing(form.kind) && form.signing_secret.trim() ? form.signing_secret.trim() : null;
  return {
    kind: form.kind || null,
    name: form.name.trim(),
    service_id: form.service_id ? Number(form.service_id) : null,
    team_id: form.team_id ? Number(form.team_id) : null,
    ...(secret ? { signing_secret: secret } : {}),
  };
}

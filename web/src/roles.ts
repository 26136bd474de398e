// The incident manager: the role that leads an incident. Every page calls it by the name the
// installation's catalog gives it, so the dashboard and the room never disagree on the word.
import { useApp } from "./context";

/** The key of the role that leads an incident (core's `role::INCIDENT_MANAGER`). */
export const INCIDENT_MANAGER = "incident_manager";

/** The incident manager role's name in this installation's catalog. */
export function useLeadRoleName(): string {
  const { roles } = useApp();
  return roles.find((r) => r.key === INCIDENT_MANAGER)?.name ?? "Incident manager";
}

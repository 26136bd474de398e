// What every page needs: who is signed in and the catalog (severities, types, roles), loaded once
// by the shell and reloaded when an admin edits it.
import { createContext, useContext } from "react";
import type { IncidentType, RoleKind, Session, Severity } from "./api/client";

export interface AppData {
  session: Session;
  severities: Severity[];
  types: IncidentType[];
  roles: RoleKind[];
  /** Members and admins act; viewers follow (the server refuses their writes). */
  canAct: boolean;
  isAdmin: boolean;
  /** Fetches the catalog again after a change in settings. */
  reloadCatalog: () => void;
}

export const AppContext = createContext<AppData | null>(null);

export function useApp(): AppData {
  const app = useContext(AppContext);
  if (!app) throw new Error("useApp outside the signed-in shell");
  return app;
}

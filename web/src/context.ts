// What every page needs: who is signed in and the catalog (severities, types, roles). The shell
// reads the catalog through its queries (src/api/catalog.ts) and renders pages once it is here, so
// pages read it from here without a loading state of their own; settings writes update the cache.
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
}

export const AppContext = createContext<AppData | null>(null);

export function useApp(): AppData {
  const app = useContext(AppContext);
  if (!app) throw new Error("useApp outside the signed-in shell");
  return app;
}

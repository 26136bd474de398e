import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { api, type IncidentType, type RoleKind, type Session, type Severity } from "./api/client";
import { AppContext, type AppData } from "./context";
import { Dashboard } from "./lists/Dashboard";
import { Declare } from "./Declare";
import { IncidentsPage } from "./lists/IncidentsPage";
import { TagPage } from "./lists/TagPage";
import { Link } from "./Link";
import { navigate, parseRoute, roomPath, useLocation } from "./route";

// The room (with its markdown renderer) and settings load when first opened, so the dashboard,
// the page everyone lands on, downloads only what it shows.
const IncidentRoom = lazy(() => import("./room/IncidentRoom").then((m) => ({ default: m.IncidentRoom })));
const Settings = lazy(() => import("./settings/Settings").then((m) => ({ default: m.Settings })));
const OncallPage = lazy(() => import("./oncall/OncallPage").then((m) => ({ default: m.OncallPage })));
const SchedulePage = lazy(() => import("./oncall/SchedulePage").then((m) => ({ default: m.SchedulePage })));
const TeamsPage = lazy(() => import("./teams/TeamsPage").then((m) => ({ default: m.TeamsPage })));
const TeamPage = lazy(() => import("./teams/TeamPage").then((m) => ({ default: m.TeamPage })));
const ServicesPage = lazy(() => import("./teams/ServicesPage").then((m) => ({ default: m.ServicesPage })));

/** The signed-in app: the big red button on every page, then the page the path names. */
export function Shell({ session, onSignedOut }: { session: Session; onSignedOut: () => void }) {
  const location = useLocation();
  const [severities, setSeverities] = useState<Severity[]>([]);
  const [types, setTypes] = useState<IncidentType[]>([]);
  const [roles, setRoles] = useState<RoleKind[]>([]);
  const [declaring, setDeclaring] = useState(false);

  const reloadCatalog = useCallback(() => {
    api.GET("/api/v1/severities").then(({ data }) => setSeverities(data ?? []));
    api.GET("/api/v1/incident-types").then(({ data }) => setTypes(data ?? []));
    api.GET("/api/v1/roles").then(({ data }) => setRoles(data ?? []));
  }, []);
  useEffect(reloadCatalog, [reloadCatalog]);

  const app: AppData = useMemo(
    () => ({
      session,
      severities,
      types,
      roles,
      canAct: session.user.role !== "viewer",
      isAdmin: session.user.role === "admin",
      reloadCatalog,
    }),
    [session, severities, types, roles, reloadCatalog],
  );

  async function signOut() {
    await api.POST("/api/v1/auth/logout");
    onSignedOut();
  }

  // After moving to another page, keyboard and screen-reader users start at its content, as
  // after a full page load, instead of wherever the link was.
  const main = useRef<HTMLElement>(null);
  const firstPath = useRef(location.path);
  useEffect(() => {
    if (location.path !== firstPath.current) main.current?.focus({ preventScroll: false });
    firstPath.current = "";
  }, [location.path]);

  const route = parseRoute(location.path);
  const current = (page: string) => (route.page === page ? "page" : undefined);
  return (
    <AppContext.Provider value={app}>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header>
        <Link to="/" className="brand">
          <strong>Goldseam</strong>
        </Link>
        <nav aria-label="Main">
          <Link to="/" aria-current={current("dashboard")}>
            Dashboard
          </Link>
          <Link to="/incidents" aria-current={current("incidents")}>
            Incidents
          </Link>
          <Link to="/oncall" aria-current={route.page === "oncall" || route.page === "schedule" ? "page" : undefined}>
            On-call
          </Link>
          <Link to="/teams" aria-current={route.page === "teams" || route.page === "team" || route.page === "services" ? "page" : undefined}>
            Teams
          </Link>
          <Link to="/settings" aria-current={current("settings")}>
            Settings
          </Link>
        </nav>
        {app.canAct && (
          <button className="declare" onClick={() => setDeclaring(true)}>
            Declare incident
          </button>
        )}
        <span className="who muted">{session.user.name}</span>
        <button onClick={signOut}>Sign out</button>
      </header>
      <main id="main" tabIndex={-1} ref={main}>
        {declaring && (
          <Declare
            onCancel={() => setDeclaring(false)}
            onDeclared={(reference) => {
              setDeclaring(false);
              navigate(roomPath(reference));
            }}
          />
        )}
        <Suspense fallback={<p className="muted">Loading…</p>}>
          {route.page === "dashboard" && <Dashboard />}
          {route.page === "incidents" && <IncidentsPage search={location.search} />}
          {route.page === "room" && <IncidentRoom key={route.reference} reference={route.reference} />}
          {route.page === "tag" && <TagPage key={route.tag} tag={route.tag} />}
          {route.page === "settings" && <Settings section={route.section} />}
          {route.page === "oncall" && <OncallPage />}
          {route.page === "schedule" && <SchedulePage key={route.id} id={route.id} />}
          {route.page === "teams" && <TeamsPage />}
          {route.page === "team" && <TeamPage key={route.id} id={route.id} />}
          {route.page === "services" && <ServicesPage />}
        </Suspense>
        {route.page === "not-found" && (
          <p role="alert">
            There is no page at {location.path}. <Link to="/">Back to the dashboard</Link>
          </p>
        )}
      </main>
    </AppContext.Provider>
  );
}

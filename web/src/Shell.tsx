import { lazy, Suspense, useEffect, useMemo, useRef } from "react";
import type { Session } from "./api/client";
import { useIncidentTypes, useRoles, useSeverities } from "./api/catalog";
import { useSignOut } from "./api/session";
import { AdminNotices } from "./components/AdminNotices";
import { combineQueries, QueryState } from "./components/QueryState";
import { AppContext, type AppData } from "./context";
import { Dashboard } from "./lists/Dashboard";
import { Declare } from "./Declare";
import { Header } from "./Header";
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
// The postmortem editor (TipTap, ProseMirror, Yjs) is by far the heaviest page.
const PostmortemPage = lazy(() => import("./postmortem/PostmortemPage").then((m) => ({ default: m.PostmortemPage })));
// The review meeting's panel, shown on the postmortem page (the shell composes the two features).
const ReviewPanel = lazy(() => import("./reviews/ReviewPanel").then((m) => ({ default: m.ReviewPanel })));
const PrintView = lazy(() => import("./postmortem/PrintView").then((m) => ({ default: m.PrintView })));
const PostmortemsPage = lazy(() => import("./postmortem/PostmortemsPage").then((m) => ({ default: m.PostmortemsPage })));
const FollowUpsPage = lazy(() => import("./followups/FollowUpsPage").then((m) => ({ default: m.FollowUpsPage })));
// Alerts for everyone, integrations for admins: the alerts feature.
const AlertsPage = lazy(() => import("./alerts/AlertsPage").then((m) => ({ default: m.AlertsPage })));
const IntegrationsPage = lazy(() => import("./alerts/IntegrationsPage").then((m) => ({ default: m.IntegrationsPage })));
const IntegrationPage = lazy(() => import("./alerts/IntegrationPage").then((m) => ({ default: m.IntegrationPage })));
const ServicesPage = lazy(() => import("./teams/ServicesPage").then((m) => ({ default: m.ServicesPage })));

/** The signed-in app: the big red button on every page, then the page the path names. */
export function Shell({ session, onSignedOut }: { session: Session; onSignedOut: () => void }) {
  const location = useLocation();
  const canAct = session.user.role !== "viewer";

  // Every page reads the catalog: pages wait for it, and if it cannot be had the shell says why
  // (with a way to try again) rather than offering empty choices.
  const severities = useSeverities();
  const types = useIncidentTypes();
  const roles = useRoles();
  const catalog = combineQueries(severities, types, roles);
  const app: AppData | undefined = useMemo(
    () => (severities.data && types.data && roles.data ? { session, severities: severities.data, types: types.data, roles: roles.data, canAct, isAdmin: session.user.role === "admin" } : undefined),
    [session, severities.data, types.data, roles.data, canAct],
  );

  const signingOut = useSignOut();
  async function signOut() {
    // Signed out here whatever the server answered: the button means "leave".
    await signingOut.mutateAsync().catch(() => undefined);
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
  // Back where the declarer was, or to the dashboard when the form was opened from a link.
  const leaveDeclare = () => (window.history.length > 1 ? window.history.back() : navigate("/"));
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <Header session={session} path={location.path} canAct={canAct} ready={!!app} onSignOut={signOut} />
      <AdminNotices enabled={session.user.role === "admin"} />
      <main id="main" tabIndex={-1} ref={main}>
        <QueryState query={catalog} what="The incident catalog (severities, types and roles)">
          {() => (
            <AppContext.Provider value={app!}>
              {route.page === "declare" && (
                <Declare
                  prefill={location.search}
                  onCancel={leaveDeclare}
                  // The form's page is not where Back should return after declaring.
                  onDeclared={(reference) => navigate(roomPath(reference), { replace: true })}
                />
              )}
              <Suspense fallback={<p className="muted">Loading…</p>}>
                {route.page === "dashboard" && <Dashboard />}
                {route.page === "incidents" && <IncidentsPage search={location.search} />}
                {route.page === "room" && <IncidentRoom key={route.reference} reference={route.reference} />}
                {route.page === "postmortem" && <PostmortemPage key={route.reference} reference={route.reference} meeting={<ReviewPanel reference={route.reference} />} />}
                {route.page === "postmortem-print" && <PrintView key={route.reference} reference={route.reference} />}
                {route.page === "postmortems" && <PostmortemsPage search={location.search} />}
                {route.page === "tag" && <TagPage key={route.tag} tag={route.tag} />}
                {route.page === "settings" && <Settings section={route.section} />}
                {route.page === "oncall" && <OncallPage />}
                {route.page === "schedule" && <SchedulePage key={route.id} id={route.id} />}
                {route.page === "teams" && <TeamsPage />}
                {route.page === "team" && <TeamPage key={route.id} id={route.id} />}
                {route.page === "services" && <ServicesPage />}
                {route.page === "follow-ups" && <FollowUpsPage search={location.search} />}
                {route.page === "alerts" && <AlertsPage search={location.search} />}
                {route.page === "integrations" && <IntegrationsPage />}
                {route.page === "integration" && <IntegrationPage key={route.id} id={route.id} />}
              </Suspense>
            </AppContext.Provider>
          )}
        </QueryState>
        {route.page === "not-found" && (
          <p role="alert">
            There is no page at {location.path}. <Link to="/">Back to the dashboard</Link>
          </p>
        )}
      </main>
    </>
  );
}

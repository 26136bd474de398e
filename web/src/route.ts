// The app's few routes need no router library: the location is state, links push history.
import { useEffect, useState } from "react";

/** Where the app is: the path and the query string (filters live in the query string). */
export interface Location {
  path: string;
  search: URLSearchParams;
}

function current(): Location {
  return { path: window.location.pathname, search: new URLSearchParams(window.location.search) };
}

export function useLocation(): Location {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const onPop = () => setLocation(current());
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);
  return location;
}

/** Goes to an app path (with its query string) without reloading. `replace` keeps history short
 * for filter changes typed letter by letter. */
export function navigate(to: string, { replace = false }: { replace?: boolean } = {}) {
  if (replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  window.dispatchEvent(new PopStateEvent("popstate"));
}

/** The pages of the app, decided from the path alone. */
export type Route =
  | { page: "dashboard" }
  | { page: "incidents" }
  | { page: "room"; reference: string }
  | { page: "postmortem"; reference: string }
  | { page: "postmortem-print"; reference: string }
  | { page: "postmortems" }
  | { page: "tag"; tag: string }
  | { page: "settings"; section: SettingsSection }
  | { page: "oncall" }
  | { page: "schedule"; id: number }
  | { page: "teams" }
  | { page: "team"; id: number }
  | { page: "services" }
  | { page: "follow-ups" }
  | { page: "alerts" }
  | { page: "integrations" }
  | { page: "integration"; id: number }
  | { page: "declare" }
  | { page: "not-found" };

export type SettingsSection =
  | "tokens"
  | "profile"
  | "contact-methods"
  | "subscriptions"
  | "users"
  | "severities"
  | "types"
  | "escalation-policies"
  | "response-rules"
  | "dead-letters"
  | "postmortems"
  | "learning"
  | "calendar"
  | "reviews"
  | "chat";
const SECTIONS: SettingsSection[] = ["tokens", "profile", "calendar", "contact-methods", "subscriptions", "users", "severities", "types", "escalation-policies", "response-rules", "dead-letters", "postmortems", "learning", "reviews", "chat"];

export function parseRoute(path: string): Route {
  const clean = path.replace(/\/+$/, "") || "/";
  if (clean === "/") return { page: "dashboard" };
  if (clean === "/incidents") return { page: "incidents" };
  if (clean === "/declare") return { page: "declare" };
  const room = /^\/incidents\/(INC-[1-9][0-9]*)$/i.exec(clean);
  if (room) return { page: "room", reference: room[1].toUpperCase() };
  const postmortem = /^\/incidents\/(INC-[1-9][0-9]*)\/postmortem$/i.exec(clean);
  if (postmortem) return { page: "postmortem", reference: postmortem[1].toUpperCase() };
  const print = /^\/incidents\/(INC-[1-9][0-9]*)\/postmortem\/print$/i.exec(clean);
  if (print) return { page: "postmortem-print", reference: print[1].toUpperCase() };
  if (clean === "/postmortems") return { page: "postmortems" };
  const tag = /^\/tags\/([^/]+)$/.exec(clean);
  if (tag) return { page: "tag", tag: decodeURIComponent(tag[1]).toLowerCase() };
  if (clean === "/oncall") return { page: "oncall" };
  const schedule = /^\/oncall\/([1-9][0-9]*)$/.exec(clean);
  if (schedule) return { page: "schedule", id: Number(schedule[1]) };
  if (clean === "/teams") return { page: "teams" };
  const team = /^\/teams\/([1-9][0-9]*)$/.exec(clean);
  if (team) return { page: "team", id: Number(team[1]) };
  if (clean === "/services") return { page: "services" };
  if (clean === "/follow-ups") return { page: "follow-ups" };
  if (clean === "/alerts") return { page: "alerts" };
  if (clean === "/integrations") return { page: "integrations" };
  const integration = /^\/integrations\/([1-9][0-9]*)$/.exec(clean);
  if (integration) return { page: "integration", id: Number(integration[1]) };
  if (clean === "/settings") return { page: "settings", section: "tokens" };
  const section = /^\/settings\/([a-z-]+)$/.exec(clean)?.[1] as SettingsSection | undefined;
  if (section && SECTIONS.includes(section)) return { page: "settings", section };
  return { page: "not-found" };
}

/** The room's path for an incident reference. */
export const roomPath = (reference: string) => `/incidents/${reference}`;
/** An incident's postmortem document. */
export const postmortemPath = (reference: string) => `/incidents/${reference}/postmortem`;
/** Its print-friendly read view. */
export const postmortemPrintPath = (reference: string) => `/incidents/${reference}/postmortem/print`;
/** The public page an acknowledgement link in a page email opens (no sign-in needed). */
export function ackToken(path: string): string | null {
  const m = /^\/ack\/([^/]+)$/.exec(path);
  return m ? decodeURIComponent(m[1]) : null;
}

/** The public page a postmortem's personal link opens (`/read/<token>`, no sign-in needed: the
 * token is the credential). */
export function readToken(path: string): string | null {
  const m = /^\/read\/([^/]+)\/?$/.exec(path);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    // A link cut mid-escape: passed on as it is, for the server to call not valid.
    return m[1];
  }
}

/** The public page a review invitation's personal link opens (`/rsvp/<token>`, no sign-in
 * needed: the token is the attendee's credential). */
export function rsvpToken(path: string): string | null {
  const m = /^\/rsvp\/([^/]+)\/?$/.exec(path);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}

/** The Alerts page showing one group's alerts. */
export const alertGroupPath = (id: number) => `/alerts?group=${id}`;
/** An integration's page (admins). */
export const integrationPath = (id: number) => `/integrations/${id}`;

/** The tag view's path. */
export const tagPath = (tag: string) => `/tags/${encodeURIComponent(tag)}`;

/** One follow-up where it lives: in its incident's room, which scrolls to it. */
export const followUpPath = (reference: string, id: number) => `/incidents/${reference}#follow-up-${id}`;
/** The follow-ups page showing every follow-up of one incident, whatever its status. */
export const incidentFollowUpsPath = (reference: string) => `/follow-ups?${new URLSearchParams({ view: "all", status: "all", incident: reference })}`;

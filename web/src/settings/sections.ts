import type { SettingsSection } from "../route";

export interface SectionInfo {
  key: SettingsSection;
  label: string;
  path: string;
  adminOnly: boolean;
  /** What the section lets an admin do, for the message a non-admin gets ("Only admins can …"). */
  task: string;
}

export const SECTIONS: readonly SectionInfo[] = [
  { key: "tokens", label: "API tokens", path: "/settings", adminOnly: false, task: "manage API tokens" },
  { key: "profile", label: "Profile", path: "/settings/profile", adminOnly: false, task: "change your profile" },
  { key: "calendar", label: "Calendar", path: "/settings/calendar", adminOnly: false, task: "connect your calendar" },
  { key: "contact-methods", label: "Contact methods", path: "/settings/contact-methods", adminOnly: false, task: "change how you are paged" },
  { key: "subscriptions", label: "Subscriptions", path: "/settings/subscriptions", adminOnly: false, task: "choose what you follow" },
  { key: "users", label: "Users", path: "/settings/users", adminOnly: true, task: "add users, change their roles or deactivate them" },
  { key: "severities", label: "Severities", path: "/settings/severities", adminOnly: true, task: "add or change severities" },
  { key: "types", label: "Incident types", path: "/settings/types", adminOnly: true, task: "add or change incident types" },
  { key: "escalation-policies", label: "Escalation policies", path: "/settings/escalation-policies", adminOnly: true, task: "add or change escalation policies" },
  { key: "response-rules", label: "Response rules", path: "/settings/response-rules", adminOnly: true, task: "add or change response rules" },
  { key: "postmortems", label: "Postmortems", path: "/settings/postmortems", adminOnly: true, task: "change postmortem templates, factor categories and distribution" },
  { key: "learning", label: "Learning", path: "/settings/learning", adminOnly: true, task: "change which steps a resolved incident owes before it is closed" },
  // Everyone may read when reviews may be booked; only admins change it (the section says so).
  { key: "reviews", label: "Reviews", path: "/settings/reviews", adminOnly: false, task: "change when review meetings are booked" },
  { key: "chat", label: "Chat", path: "/settings/chat", adminOnly: true, task: "change how incidents are announced and run in chat" },
  { key: "dead-letters", label: "Dead letters", path: "/settings/dead-letters", adminOnly: true, task: "see and retry deliveries that failed" },
];

/** The sections the navigation offers: everything to admins, the caller's own tokens to others. */
export function visibleSections(isAdmin: boolean): SectionInfo[] {
  return SECTIONS.filter((s) => isAdmin || !s.adminOnly);
}

export function sectionInfo(key: SettingsSection): SectionInfo {
  return SECTIONS.find((s) => s.key === key) ?? SECTIONS[0];
}

/** Null when the caller may open the section; otherwise what to tell them instead. */
export function refusal(key: SettingsSection, isAdmin: boolean): string | null {
  const section = sectionInfo(key);
  if (!section.adminOnly || isAdmin) return null;
  return `Only admins can ${section.task}. Ask an admin if something here needs to change.`;
}

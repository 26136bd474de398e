// Timeline events in plain language: "Ana raised the severity from SEV2 to SEV1".
import type { components } from "./api/schema";
import { alertEventSentence } from "./alertEvents";
import { followUpAddedPhrase, followUpChangedPhrase } from "./followUpEvents";
import { stepLabel } from "./learningWords";
import { reviewEventSentence } from "./reviewWords";

export type TimelineEvent = components["schemas"]["EventDto"];

/** Which event a pin is about, in a few words: "Bo Li's comment “Rolled back the deploy”", or the
 * event's own sentence in quotes. `body` is the comment or update's text as it reads now. */
export function pinnedPhrase(e: TimelineEvent, sentence: string, body: string | null, excerpt: (markdown: string) => string): string {
  if (body !== null && (e.kind === "comment_added" || e.kind === "status_update")) {
    const what = e.kind === "status_update" ? "status update" : "comment";
    return `${e.actor?.name ? `${e.actor.name}'s` : "the"} ${what} “${excerpt(body)}”`;
  }
  return `“${sentence}”`;
}

/** Who did it; "Goldseam" for events without an actor. */
/** "GitHub", "Jira"; a tracker the app does not know reads as its key. */
export function trackerName(tracker: string): string {
  return tracker === "github" ? "GitHub" : tracker === "jira" ? "Jira" : tracker;
}

function who(e: TimelineEvent): string {
  return e.actor?.name || "Goldseam";
}

function severityRank(key: string): number {
  const n = /([0-9]+)$/.exec(key);
  return n ? Number(n[1]) : 0;
}

/** What one message on a channel is called, to begin a sentence: "An email to Bo could not be sent". */
const CHANNEL_MESSAGE: Record<string, string> = { email: "An email", sms: "A text message", voice: "A call", slack: "A Slack message", mattermost: "A Mattermost message", webhook: "A webhook call" };

/** "Ana", "Ana and Bo", "Ana, Bo and Cy". */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** A response rule (or, with no `rule`, the incident-manager setting) that matched the incident
 * but could not act: the `response_gap` event's data. */
export type ResponseGap = Extract<components["schemas"]["EventPayload"], { kind: "response_gap" }>["data"];

/** How a postmortem's review move reads: "Ana asked Rita Reviewer to review the postmortem". */
function postmortemMoveSentence(actor: string, data: Record<string, unknown>, name: (id: number) => string): string {
  const version = Number(data.version) > 1 ? ` (version ${Number(data.version)})` : "";
  switch (data.to) {
    case "in_review": {
      const ids = Array.isArray(data.reviewers) ? data.reviewers.map(Number) : [];
      return `${actor} asked ${ids.length ? joinNames(ids.map(name)) : "reviewers"} to review the postmortem${version}`;
    }
    case "approved":
      return `${actor} approved the postmortem${version}`;
    case "changes_requested":
      return `${actor} asked for changes to the postmortem${version}`;
    case "published":
      return `${actor} published the postmortem${version}`;
    case "draft":
      return data.from === "published" ? `${actor} started amending the postmortem${version}` : `${actor} moved the postmortem back to draft${version}`;
    default:
      return `${actor} moved the postmortem to ${String(data.to).replace(/_/g, " ")}`;
  }
}

/** "Rule “Security incidents” could not page Security: no team of that name exists yet." */
export function responseGapSentence(gap: ResponseGap): string {
  const by = gap.rule ? `Rule “${gap.rule}”` : "Goldseam";
  const problem = gap.problem.trim().replace(/[.]$/, "");
  return `${by} could not ${gap.action === "inform" ? "inform" : "page"} ${gap.target}${problem ? `: ${problem}` : ""}.`;
}

/** One sentence describing the event; `people` names users by id, `roles` names roles by key,
 * `target` says in a few words which event a pin or unpin is about (when it is known). */
export function describeEvent(
  e: TimelineEvent,
  people: ReadonlyMap<number, string> = new Map(),
  roles: ReadonlyMap<string, string> = new Map(),
  services: ReadonlyMap<number, string> = new Map(),
  target: (eventId: number) => string | undefined = () => undefined,
): string {
  const service = (id: unknown) => services.get(Number(id)) ?? `service ${id}`;
  const name = (id: number) => people.get(id) ?? `user ${id}`;
  // Mid-sentence, "Incident manager" reads as "incident manager".
  const role = (key: unknown) => {
    const named = roles.get(String(key));
    return named ? named.charAt(0).toLowerCase() + named.slice(1) : String(key).replace(/_/g, " ");
  };
  const data = e.data as Record<string, unknown>;
  // As a string: kinds added on the server later still get a sentence (the default).
  switch (e.kind as string) {
    case "declared":
      return `${who(e)} declared the incident as ${data.severity}: ${data.title}`;
    case "title_changed":
      return `${who(e)} renamed the incident to “${data.to}”`;
    case "summary_changed":
      return data.to ? `${who(e)} updated the summary` : `${who(e)} cleared the summary`;
    case "severity_changed": {
      const raised = severityRank(String(data.to)) < severityRank(String(data.from));
      return `${who(e)} ${raised ? "raised" : "lowered"} the severity from ${data.from} to ${data.to}`;
    }
    case "type_changed":
      return `${who(e)} changed the type from ${data.from} to ${data.to}`;
    case "status_changed": {
      const verb = data.transition === "reopened" ? "reopened the incident as" : "moved the incident to";
      return `${who(e)} ${verb} ${data.to}${data.reason ? `: ${data.reason}` : ""}`;
    }
    case "visibility_changed":
      return `${who(e)} made the incident ${data.private ? "private" : "public"}${data.reason ? `: ${data.reason}` : ""}`;
    case "access_granted":
      return `${who(e)} let ${name(Number(data.user_id))} see this private incident${data.reason ? `: ${data.reason}` : ""}`;
    case "informed": {
      const ids = Array.isArray(data.user_ids) ? data.user_ids.map(Number) : [];
      const whom = ids.length ? joinNames(ids.map(name)) : "nobody";
      return `${who(e)} informed ${whom} by email${data.reason ? ` (${data.reason})` : ""}`;
    }
    case "response_gap":
      return responseGapSentence(data as unknown as ResponseGap);
    case "postmortem_opened":
      return data.automatic ? "The postmortem opened" : `${who(e)} started the postmortem`;
    case "postmortem_state_changed":
      return postmortemMoveSentence(who(e), data, name);
    case "postmortem_distributed": {
      const people = Number(data.people);
      const channels = Number(data.channels);
      const version = Number(data.version) > 1 ? ` (version ${Number(data.version)})` : "";
      const to = [`${people} ${people === 1 ? "person" : "people"}`, ...(channels > 0 ? [`${channels} ${channels === 1 ? "list, channel or webhook" : "lists, channels or webhooks"}`] : [])];
      return `The postmortem${version} was sent to ${to.join(" and ")}`;
    }
    case "learning_step_waived":
      return `${who(e)} waived “${stepLabel(String(data.step))}”${data.reason ? `: ${data.reason}` : ""}`;
    case "review_meeting_held":
    case "review_scheduled":
    case "review_cancelled":
    case "review_answered":
      // Times in the viewer's zone, as everywhere in the activity log.
      return reviewEventSentence(e.kind, data, who(e), e.actor?.id ?? null, name, e.at) ?? `${who(e)}: ${e.kind}`;
    case "role_assigned":
      if (e.actor && e.actor.id === Number(data.user_id)) return `${who(e)} took the ${role(data.role)} role`;
      return `${who(e)} made ${name(Number(data.user_id))} ${role(data.role)}`;
    case "role_unassigned":
      if (e.actor && e.actor.id === Number(data.user_id)) return `${who(e)} stepped down as ${role(data.role)}`;
      return `${who(e)} relieved ${name(Number(data.user_id))} as ${role(data.role)}`;
    case "tag_added":
      return `${who(e)} tagged the incident #${data.tag}`;
    case "tag_removed":
      return `${who(e)} removed the tag #${data.tag}`;
    case "comment_added":
      return `${who(e)} commented`;
    case "comment_edited":
      return `${who(e)} edited a comment`;
    case "comment_deleted":
      return `${who(e)} deleted a comment`;
    case "status_update":
      return `${who(e)} posted a status update (${data.status})`;
    case "paged":
      return `${who(e)} paged ${data.user_id != null ? name(Number(data.user_id)) : "the escalation policy"} (${data.reason})`;
    case "page_acknowledged":
      return `${who(e)} acknowledged the page`;
    case "delivery": {
      // The person by name when the server says whose address it was (and the directory knows
      // them); otherwise the masked address.
      const known = data.user_id != null ? people.get(Number(data.user_id)) : undefined;
      const to = known ?? String(data.to);
      // The server is not set up for the channel: nothing the room can do, and the reason is
      // for admins (dead letters, the admin notice), so the room says it neutrally.
      if (data.cause === "configuration") return `${CHANNEL_MESSAGE[String(data.channel)] ?? `A ${data.channel} message`} to ${to} could not be ${data.channel === "voice" ? "made" : "sent"}; admins were told.`;
      const verbs: Record<string, string> = { email: "emailed", sms: "texted", voice: "called", slack: "messaged on Slack", mattermost: "messaged on Mattermost", webhook: "called the webhook" };
      const did = `${verbs[String(data.channel)] ?? `sent ${data.channel} to`} ${to}`;
      if (data.outcome === "sent") return `Goldseam ${did}`;
      const why = data.reason ? `: ${data.reason}` : "";
      return data.outcome === "retrying" ? `Goldseam could not reach ${to} by ${data.channel} (attempt ${data.attempt}), retrying${why}` : `Goldseam gave up reaching ${to} by ${data.channel}${why}`;
    }
    case "service_added":
      return `${who(e)} marked ${service(data.service_id)} as affected`;
    case "service_removed":
      return `${who(e)} removed ${service(data.service_id)} from the affected services`;
    case "follow_up_added":
      return `${who(e)} ${followUpAddedPhrase(data, name, e.at.slice(0, 4))}`;
    case "follow_up_changed":
      return `${who(e)} ${followUpChangedPhrase(data, name, e.at.slice(0, 4))}`;
    case "follow_up_filed":
      return `${who(e)} filed a follow-up in ${trackerName(String(data.tracker))} as ${String(data.key)}`;
    case "alert":
      return alertEventSentence(data);
    case "pinned":
      return `${who(e)} pinned ${target(Number(data.event_id)) ?? "an event"}`;
    case "unpinned":
      return `${who(e)} unpinned ${target(Number(data.event_id)) ?? "an event"}`;
    default:
      return `${who(e)}: ${e.kind}`;
  }
}

/** Adds events not seen yet, in id order: streams may repeat what a page load already showed. */
export function mergeEvents(known: TimelineEvent[], incoming: TimelineEvent[]): TimelineEvent[] {
  const seen = new Set(known.map((e) => e.id));
  const fresh = incoming.filter((e) => !seen.has(e.id));
  return fresh.length ? [...known, ...fresh].sort((a, b) => a.id - b.id) : known;
}

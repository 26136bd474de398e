// Follow-up events in plain language, for the activity log (events.ts): "Ana added the follow-up
// “Alert on queue depth” for Bo, due 10 Dec", "Ana gave “X” to Bo and moved its due date to 12 Dec".
// A change may touch several fields at once: the first clause names the follow-up, the others say
// "it", and a won't-do reason comes last so nothing follows it.
import { priorityLabel, shortDate } from "./followUpWords";

type Data = Record<string, unknown>;

/** The sentence for `follow_up_added`, after the actor's name. */
export function followUpAddedPhrase(data: Data, name: (id: number) => string, year: string): string {
  const owner = data.owner_id != null ? ` for ${name(Number(data.owner_id))}` : "";
  const due = typeof data.due_on === "string" && data.due_on ? `, due ${shortDate(data.due_on, `${year}-01-01`)}` : "";
  const verb = data.status === "proposed" ? "proposed" : "added";
  return `${verb} the follow-up “${data.title}”${owner}${due}`;
}

/** One changed field as a clause: `full` names the follow-up (first clause), `short` says "it". */
interface Clause {
  full: (title: string) => string;
  short: string;
}

function statusClause(status: unknown, reason: unknown): Clause | null {
  const why = typeof reason === "string" && reason.trim() ? `: ${reason.trim()}` : "";
  switch (status) {
    case "done":
      return { full: (t) => `marked the follow-up ${t} done`, short: "marked it done" };
    case "wont_do":
      return { full: (t) => `marked ${t} won't do${why}`, short: `marked it won't do${why}` };
    case "in_progress":
      return { full: (t) => `started the follow-up ${t}`, short: "started it" };
    case "committed":
      return { full: (t) => `committed to the follow-up ${t}`, short: "committed to it" };
    case "proposed":
      return { full: (t) => `moved the follow-up ${t} back to proposed`, short: "moved it back to proposed" };
    default:
      return typeof status === "string" ? { full: (t) => `moved the follow-up ${t} to ${status.replace(/_/g, " ")}`, short: `moved it to ${status.replace(/_/g, " ")}` } : null;
  }
}

/** The sentence for `follow_up_changed`, after the actor's name. */
export function followUpChangedPhrase(data: Data, name: (id: number) => string, year: string): string {
  const changes = (typeof data.changes === "object" && data.changes !== null ? data.changes : {}) as Data;
  const title = `“${data.title}”`;
  const has = (k: string) => Object.prototype.hasOwnProperty.call(changes, k);
  const clauses: Clause[] = [];
  if (has("owner_id"))
    clauses.push(changes.owner_id != null ? { full: (t) => `gave ${t} to ${name(Number(changes.owner_id))}`, short: `gave it to ${name(Number(changes.owner_id))}` } : { full: (t) => `took the owner off ${t}`, short: "took its owner off" });
  if (has("due_on")) {
    const due = typeof changes.due_on === "string" && changes.due_on ? shortDate(changes.due_on, `${year}-01-01`) : null;
    clauses.push(due ? { full: (t) => `moved the due date of ${t} to ${due}`, short: `moved its due date to ${due}` } : { full: (t) => `removed the due date of ${t}`, short: "removed its due date" });
  }
  if (has("priority")) clauses.push({ full: (t) => `set the priority of ${t} to ${priorityLabel(String(changes.priority)).toLowerCase()}`, short: `set its priority to ${priorityLabel(String(changes.priority)).toLowerCase()}` });
  if (has("team_id")) clauses.push(changes.team_id != null ? { full: (t) => `changed the team of ${t}`, short: "changed its team" } : { full: (t) => `took ${t} off its team`, short: "took it off its team" });
  if (has("description")) clauses.push({ full: (t) => `edited the details of ${t}`, short: "edited its details" });
  // The status last: a won't-do reason ends the sentence.
  const status = has("status") ? statusClause(changes.status, changes.reason) : null;
  if (status) clauses.push(status);
  else if (has("reason") && changes.reason) clauses.push({ full: (t) => `changed why ${t} won't be done: ${changes.reason}`, short: `changed why it won't be done: ${changes.reason}` });

  // A rename leads, naming the new title; every other clause then says "it".
  const parts = has("title") ? [`renamed a follow-up to ${title}`, ...clauses.map((c) => c.short)] : clauses.length ? [clauses[0].full(title), ...clauses.slice(1).map((c) => c.short)] : [`changed the follow-up ${title}`];
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

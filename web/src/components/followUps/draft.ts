// The follow-up form's values, its checks before sending (the server's rules, so a mistake is
// explained beside its field at once), and the request each form sends: the whole new follow-up,
// or only what an edit changed.
import type { FollowUp, FollowUpChanges, NewFollowUp } from "../../api/followUps";
import { needsOwnerAndDate, todayCivil, type FollowUpPriority, type FollowUpStatus } from "../../followUpWords";
import { checkText, collect, type FieldErrors } from "../forms";

export interface Draft {
  title: string;
  description: string;
  owner: { id: number; name: string } | null;
  /** "" for no team (a select's value). */
  teamId: string;
  /** "YYYY-MM-DD", or "" for none (a date input's value). */
  dueOn: string;
  priority: FollowUpPriority;
  /** Only a new follow-up chooses: proposed or committed. An edit leaves the status to its buttons. */
  status: FollowUpStatus;
}

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 10_000;

/** The fields the server names in its errors, in form order. */
export const DRAFT_FIELDS = ["title", "owner_id", "team_id", "due_on", "priority", "status", "description"] as const;
export const DRAFT_LABELS: Record<string, string> = { title: "Title", owner_id: "Owner", team_id: "Team", due_on: "Due date", priority: "Priority", status: "Status", description: "Details" };

/** An empty form, or one filled from the follow-up being edited. */
export function draftOf(f?: FollowUp): Draft {
  return {
    title: f?.title ?? "",
    description: f?.description ?? "",
    owner: f?.owner ? { id: f.owner.id, name: f.owner.name ?? `User ${f.owner.id}` } : null,
    teamId: f?.team ? String(f.team.id) : "",
    dueOn: f?.due_on ?? "",
    priority: f?.priority ?? "medium",
    status: f?.status ?? "proposed",
  };
}

/** What the server would refuse, by field. A due date already past is accepted when it is the one
 * the follow-up already had: editing an overdue follow-up's title must not force a new date. */
export function checkDraft(d: Draft, { today = todayCivil(), initial }: { today?: string; initial?: FollowUp } = {}): FieldErrors {
  const promised = needsOwnerAndDate(d.status);
  const pastDue = d.dueOn !== "" && d.dueOn < today && d.dueOn !== (initial?.due_on ?? "");
  return collect({
    title: checkText(d.title, "a title", TITLE_MAX),
    owner_id: promised && !d.owner ? "A committed follow-up needs an owner." : null,
    due_on: pastDue ? "Choose today or a later day." : promised && !d.dueOn ? "A committed follow-up needs a due date." : null,
    description: [...d.description].length > DESCRIPTION_MAX ? `This is ${[...d.description].length} characters long; at most ${DESCRIPTION_MAX} are accepted.` : null,
  });
}

/** The body of a create. */
export function newRequest(d: Draft): NewFollowUp {
  return {
    title: d.title.trim(),
    description: d.description.trim() || null,
    owner_id: d.owner?.id ?? null,
    team_id: d.teamId ? Number(d.teamId) : null,
    due_on: d.dueOn || null,
    priority: d.priority,
    status: d.status === "committed" || d.status === "in_progress" ? d.status : "proposed",
  };
}

/** The body of an edit: only the fields that differ from `initial` (null clears one). */
export function changesOf(d: Draft, initial: FollowUp): FollowUpChanges {
  const before = draftOf(initial);
  const changes: FollowUpChanges = {};
  if (d.title.trim() !== before.title) changes.title = d.title.trim();
  if (d.description.trim() !== before.description.trim()) changes.description = d.description.trim() || null;
  if ((d.owner?.id ?? null) !== (before.owner?.id ?? null)) changes.owner_id = d.owner?.id ?? null;
  if (d.teamId !== before.teamId) changes.team_id = d.teamId ? Number(d.teamId) : null;
  if (d.dueOn !== before.dueOn) changes.due_on = d.dueOn || null;
  if (d.priority !== before.priority) changes.priority = d.priority;
  return changes;
}

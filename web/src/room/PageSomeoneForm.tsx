import { useState, type FormEvent } from "react";
import { describeProblem, type User } from "../api/client";
import { useTeams } from "../api/lists";
import { useDirectory } from "../api/people";
import { PersonPicker } from "../components/PersonPicker";
import { QueryError } from "../components/QueryState";
import { usePageSomeone } from "./api/pages";
import { pagedOutcome } from "./pages";

type Who = "person" | "team";

/** Paging from the room: wake a person or a team's on call that the response did not bring in.
 * The server refuses to page a target twice while its page is open, and says so. */
export function PageSomeoneForm({ reference, onPaged }: { reference: string; onPaged: (status: string) => void }) {
  const { active } = useDirectory();
  const [open, setOpen] = useState(false);
  const [who, setWho] = useState<Who>("person");
  const [person, setPerson] = useState<User | null>(null);
  const [teamId, setTeamId] = useState("");
  const [urgency, setUrgency] = useState("high");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  // Teams are read once someone chooses to page one.
  const teamsQuery = useTeams(open && who === "team");
  const teams = teamsQuery.data;
  const paging = usePageSomeone(reference);

  if (!open)
    return (
      <button type="button" className="small page-someone" onClick={() => setOpen(true)}>
        Page someone…
      </button>
    );

  const team = teams?.find((t) => String(t.id) === teamId);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const target = who === "person" ? (person ? { user_id: person.id } : null) : team ? { team_id: team.id } : null;
    if (!target) {
      setError(who === "person" ? "Choose the person to page." : "Choose the team to page.");
      return;
    }
    setError(null);
    let answer;
    try {
      answer = await paging.mutateAsync({ ...target, urgency, reason: reason.trim() || null });
    } catch (e) {
      setError(describeProblem(e));
      return;
    }
    const name = who === "person" ? (person?.name ?? "them") : `the ${team?.name} team`;
    onPaged(pagedOutcome(answer.created, name, answer.page.urgency));
    setOpen(false);
    setPerson(null);
    setReason("");
  }

  return (
    <form className="page-someone-form" aria-label="Page someone" onSubmit={submit} noValidate onKeyDown={(e) => e.key === "Escape" && !e.defaultPrevented && setOpen(false)}>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {who === "team" && teamsQuery.error != null && !teamsQuery.isFetching && <QueryError error={teamsQuery.error} what="The teams" retry={teamsQuery.refetch} />}
      <fieldset>
        <legend>Who</legend>
        {(["person", "team"] as const).map((w) => (
          <label key={w} className="inline">
            <input type="radio" name="page-who" value={w} checked={who === w} onChange={() => setWho(w)} />
            {w === "person" ? "A person" : "A team's on call"}
          </label>
        ))}
      </fieldset>
      {who === "person" ? (
        person ? (
          <p>
            <strong>{person.name}</strong>{" "}
            <button type="button" className="small" onClick={() => setPerson(null)} aria-label={`Change the person to page (now ${person.name})`}>
              Change
            </button>
          </p>
        ) : (
          <PersonPicker
            label="Person to page"
            people={active}
            onPick={(u) => {
              setPerson(u);
              setError(null);
            }}
            autoFocus
          />
        )
      ) : (
        <label>
          Team to page
          <select
            value={teamId}
            onChange={(e) => {
              setTeamId(e.target.value);
              setError(null);
            }}
          >
            <option value="">{teams ? "Choose a team" : "Loading teams…"}</option>
            {teams?.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        Urgency
        <select value={urgency} onChange={(e) => setUrgency(e.target.value)}>
          <option value="high">High: wake them now</option>
          <option value="low">Low: it can wait for working hours</option>
        </select>
      </label>
      <label>
        Why (in their message)
        <input value={reason} maxLength={200} placeholder="paged from the incident" onChange={(e) => setReason(e.target.value)} />
      </label>
      <div className="actions">
        <button type="submit" disabled={paging.isPending}>
          Page
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

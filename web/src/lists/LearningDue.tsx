import { useLearningDue, type DueFollowUp, type DueStep } from "../api/learning";
import { QueryError } from "../components/QueryState";
import { todayCivil } from "../followUpWords";
import { dayWords } from "../learningWords";
import { Link } from "../Link";
import { roomPath } from "../route";
import { SeverityBadge } from "./parts";

/** Whether anything is overdue at all (teams come only with something overdue, but an empty
 * team would still be nothing to show). */
export const hasDue = (teams: { steps: unknown[]; follow_ups: unknown[] }[]): boolean => teams.some((t) => t.steps.length > 0 || t.follow_ups.length > 0);

/**
 * What resolved incidents still owe and is late, per team: postmortem steps past their due day
 * and overdue follow-ups, each linking to where it is done. Absent when nothing is late, so the
 * dashboard stays about what is on fire. Live: its query sits among the incident lists, which
 * every incident event asks again (src/api/learning.ts).
 */
export function LearningDue() {
  const query = useLearningDue();
  const teams = query.data?.teams;
  if (!teams) return query.error != null && !query.isFetching ? <QueryError error={query.error} what="What is due" retry={query.refetch} /> : null;
  if (!hasDue(teams)) return null;
  const today = todayCivil();
  return (
    <section className="learning-due" aria-labelledby="learning-due-title">
      <h2 id="learning-due-title">Learning due</h2>
      <p className="muted">Postmortem steps and follow-ups past their due day, by team.</p>
      {teams.map((t) => (
        <div key={t.team?.id ?? "none"} className="ld-team">
          <h3>{t.team ? t.team.name : "No team"}</h3>
          <ul className="recent-list">
            {t.steps.map((s) => (
              <StepRow key={`${s.reference}-${s.step}`} step={s} today={today} />
            ))}
            {t.follow_ups.map((f) => (
              <FollowUpRow key={f.id} followUp={f} today={today} />
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

function Due({ on, today }: { on: string; today: string }) {
  return (
    <span className="ld-due">
      overdue, due <time dateTime={on}>{dayWords(on, today)}</time>
    </span>
  );
}

const ownerName = (owner: { name: string } | null) => (owner ? owner.name : "no owner");

function StepRow({ step: s, today }: { step: DueStep; today: string }) {
  return (
    <li>
      <SeverityBadge severity={s.severity} />{" "}
      <Link className="title" to={roomPath(s.reference)}>
        <strong>{s.reference}</strong> {s.title}
      </Link>
      <br />
      <strong>{s.label}</strong> <span className="muted">·</span> <Due on={s.due_on} today={today} /> <span className="muted">· {ownerName(s.owner ?? null)}</span>
    </li>
  );
}

function FollowUpRow({ followUp: f, today }: { followUp: DueFollowUp; today: string }) {
  return (
    <li>
      <span className="ld-kind">Follow-up</span>{" "}
      <Link className="title" to={`${roomPath(f.reference)}#follow-up-${f.id}`}>
        {f.title}
      </Link>{" "}
      <span className="muted">({f.reference})</span>
      <br />
      <Due on={f.due_on} today={today} /> <span className="muted">· {ownerName(f.owner ?? null)}</span>
    </li>
  );
}

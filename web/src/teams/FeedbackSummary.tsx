import { statusOf } from "../api/errors";
import { useFeedbackSummary, type TeamFeedback } from "../api/learning";
import { QueryError } from "../components/QueryState";
import { FEEDBACK_QUESTION, SCORE_WORDS } from "../learningWords";

/**
 * How the people who took part felt the response went, per team: how many answered, the average,
 * how the answers spread over the five and the comments, never with names or incidents (the
 * server sends none). Members and admins only: viewers never ask, and a 403 hides it.
 */
export function FeedbackSummary() {
  const query = useFeedbackSummary();
  const teams = query.data?.teams;
  if (!teams) {
    if (query.error == null || statusOf(query.error) === 403 || query.isFetching) return null;
    return <QueryError error={query.error} what="The response feedback" retry={query.refetch} />;
  }
  return (
    <section className="feedback-summary" aria-labelledby="feedback-summary-title">
      <h2 id="feedback-summary-title">Response feedback</h2>
      <p className="muted">What the people who took part in resolved incidents answered to “{FEEDBACK_QUESTION}”, per team. Answers are anonymous.</p>
      {teams.length === 0 ? <p className="empty">No answers yet.</p> : teams.map((t) => <TeamAnswers key={t.team?.id ?? "none"} feedback={t} />)}
    </section>
  );
}

function TeamAnswers({ feedback: f }: { feedback: TeamFeedback }) {
  const name = f.team ? f.team.name : "No team";
  const most = Math.max(1, ...f.scores);
  return (
    <div className="fb-team">
      <h3>{name}</h3>
      {f.responses === 0 ? (
        <p className="muted">No answers yet.</p>
      ) : (
        <>
          <p>
            {f.responses} {f.responses === 1 ? "answer" : "answers"}
            {f.average != null && (
              <>
                , on average <strong>{f.average.toFixed(1)}</strong> of 5
              </>
            )}
          </p>
          {/* Best first, as people read a rating. The bar only draws the count written beside it. */}
          <ul className="fb-bars" aria-label={`Answers for ${name}, best first`}>
            {SCORE_WORDS.map((words, i) => ({ words, score: i + 1, count: f.scores[i] ?? 0 }))
              .reverse()
              .map(({ words, score, count }) => (
                <li key={score}>
                  <span className="fb-words">
                    {score} {words}
                  </span>
                  <span className="fb-bar" aria-hidden="true">
                    <span style={{ width: `${(count / most) * 100}%` }} />
                  </span>
                  <span className="fb-count">{count}</span>
                </li>
              ))}
          </ul>
          {f.comments.length > 0 && (
            <>
              <h4>Comments, newest first</h4>
              <ul className="fb-comments">
                {f.comments.map((c, i) => (
                  <li key={i}>{c}</li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </div>
  );
}

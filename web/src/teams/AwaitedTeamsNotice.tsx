import { useAwaitedTeams } from "../api/responseRules";
import { useApp } from "../context";
import { Link } from "../Link";

/**
 * Response rules may name teams that do not exist yet (the starter security rule on a fresh
 * install names Security, Legal and PR): until they do, those rules page and inform nobody on
 * their behalf. Said here, where teams are made, with a button to make each one, so nobody
 * believes security was alerted when no Security team exists.
 */
export function AwaitedTeamsNotice({ onCreate }: { onCreate: (name: string) => void }) {
  const { isAdmin } = useApp();
  const awaited = useAwaitedTeams(isAdmin);
  if (!awaited) return null;
  const names = [...awaited.page, ...awaited.inform];
  if (names.length === 0) return null;
  return (
    <aside className="notice awaited-teams" aria-labelledby="awaited-teams-title">
      <h2 id="awaited-teams-title">Response rules are waiting for {names.length === 1 ? "a team" : "teams"}</h2>
      <p>
        Until {names.length === 1 ? "it exists" : "they exist"}, incidents those rules match page and inform nobody for {names.length === 1 ? "it" : "them"}.{" "}
        <Link to="/settings/response-rules">See the rules</Link>.
      </p>
      <ul>
        {names.map((name) => (
          <li key={name}>
            <strong>{name}</strong> <span className="muted">({awaited.page.includes(name) ? "to be paged" : "to be informed"})</span>{" "}
            <button type="button" className="small" onClick={() => onCreate(name)}>
              Create the {name} team
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}

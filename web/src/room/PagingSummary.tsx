import type { ResponseGap, TimelineEvent } from "../events";
import { responseGapSentence } from "../events";
import { useDirectory } from "../api/people";
import { useApp } from "../context";
import { Link } from "../Link";
import { useIncidentPages, usePolicyNames } from "./api/pages";
import { pagePhrases, pagesSignature } from "./pages";
import { gapFix, informedPhrases, nobodyPagedLine, responseGaps } from "./response";
import { useNow } from "./useRoom";

/** How many pages the top of the room names before "and N more". */
const SHOWN = 3;

/**
 * What Goldseam did about the people who must know, said at the top of the room the moment it
 * opens: who was paged and whether they acknowledged (or plainly that nobody was, with the way to
 * page someone), who was informed, and any response rule that matched but could not act, and
 * why. The Paging panel beside the timeline has the details and the buttons; both read the same
 * cached query. Informing and the rules' gaps are read from the timeline.
 */
export function PagingSummary({ reference, events }: { reference: string; events: readonly TimelineEvent[] }) {
  const { canAct } = useApp();
  const { names } = useDirectory();
  const pages = useIncidentPages(reference, pagesSignature(events)).data;
  const policies = usePolicyNames(pages);
  const now = useNow(10_000);
  // What could not be paged first: it explains the line above it.
  const all = responseGaps(events);
  const pageGaps = all.filter((g) => g.action === "page");
  const gaps = [...pageGaps, ...all.filter((g) => g.action !== "page")];
  const informed = informedPhrases(events, names);

  const phrases = pages ? pagePhrases(pages, names, policies, now) : [];
  const more = phrases.length - SHOWN;
  return (
    <div className="paging-summary">
      {/* Loading, or failed: the Paging panel says so where it can offer a retry. */}
      {pages !== undefined &&
        (pages.length === 0 ? (
          <p className="nobody">
            <strong>{nobodyPagedLine(gaps)}</strong>
            {/* After the reasons, when there are some: "because:" reads on into them. */}
            {canAct && !pageGaps.length && (
              <>
                {" "}
                <PageSomeone />
              </>
            )}
          </p>
        ) : (
          <p>
            <strong>Paged:</strong> {phrases.slice(0, SHOWN).join("; ")}
            {more > 0 && `; and ${more} more (see Paging)`}
          </p>
        ))}
      <Gaps gaps={gaps} />
      {canAct && pages?.length === 0 && pageGaps.length > 0 && (
        <p>
          <PageSomeone />
        </p>
      )}
      {informed.length > 0 && (
        <p>
          <strong>Informed:</strong> {informed.join("; ")}
        </p>
      )}
    </div>
  );
}

/** Rules that matched but could not page or inform: a warning (someone should fix the setup,
 * nobody did anything wrong), with the way to fix it for admins. */
function Gaps({ gaps }: { gaps: readonly ResponseGap[] }) {
  const { isAdmin } = useApp();
  if (!gaps.length) return null;
  return (
    <ul className="response-gaps">
      {gaps.map((gap) => {
        const fix = gapFix(gap);
        return (
          <li key={`${gap.rule}|${gap.action}|${gap.target}|${gap.problem}`}>
            <span aria-hidden="true">⚠ </span>
            {responseGapSentence(gap)}
            {isAdmin && (
              <>
                {" "}
                <Link to={fix.to}>{fix.label}</Link>
              </>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** Opens the Paging panel's form to page someone, wherever the panel sits on this screen. */
function PageSomeone() {
  const open = () => {
    const button = document.querySelector<HTMLButtonElement>(".pages button.page-someone");
    button?.scrollIntoView({ block: "center" });
    button?.click();
  };
  return (
    <button type="button" className="small" onClick={open}>
      Page someone
    </button>
  );
}

import type { TimelineEvent } from "../events";
import { useDirectory } from "../api/people";
import { useApp } from "../context";
import { useIncidentPages, usePolicyNames } from "./api/pages";
import { pagePhrases, pagesSignature } from "./pages";
import { useNow } from "./useRoom";

/** How many pages the top of the room names before "and N more". */
const SHOWN = 3;

/**
 * What Goldseam did about waking people, said at the top of the room the moment it opens: who
 * was paged and whether they acknowledged, or plainly that nobody was, with the way to page
 * someone. The Paging panel beside the timeline has the details and the buttons; both read the
 * same cached query.
 */
export function PagingSummary({ reference, events }: { reference: string; events: readonly TimelineEvent[] }) {
  const { canAct } = useApp();
  const { names } = useDirectory();
  const pages = useIncidentPages(reference, pagesSignature(events)).data;
  const policies = usePolicyNames(pages);
  const now = useNow(10_000);
  // Loading, or failed: the Paging panel says so where it can offer a retry.
  if (pages === undefined) return null;
  if (pages.length === 0) {
    return (
      <p className="paging-summary nobody">
        <strong>Nobody has been paged.</strong>
        {canAct && (
          <>
            {" "}
            <button type="button" className="small" onClick={pageSomeone}>
              Page someone
            </button>
          </>
        )}
      </p>
    );
  }
  const phrases = pagePhrases(pages, names, policies, now);
  const more = phrases.length - SHOWN;
  return (
    <p className="paging-summary">
      <strong>Paged:</strong> {phrases.slice(0, SHOWN).join("; ")}
      {more > 0 && `; and ${more} more (see Paging)`}
    </p>
  );
}

/** Opens the Paging panel's form to page someone, wherever the panel sits on this screen. */
function pageSomeone() {
  const open = document.querySelector<HTMLButtonElement>(".pages button.page-someone");
  open?.scrollIntoView({ block: "center" });
  open?.click();
}

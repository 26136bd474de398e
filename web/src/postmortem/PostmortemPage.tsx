import { lazy, Suspense, type ReactNode } from "react";
import { describeProblem } from "../api/client";
import { statusOf } from "../api/errors";
import { useIncident } from "../api/incidents";
import { useLiveIncidents } from "../api/live";
import { QueryState } from "../components/QueryState";
import { useApp } from "../context";
import { Link } from "../Link";
import { postmortemPrintPath, roomPath } from "../route";
import { Time } from "../Time";
import { usePostmortem, useStartPostmortem } from "./api/postmortem";
import { markdownExportUrl } from "./api/versions";
import { ReadersPanel } from "./ReadersPanel";
import { ReviewBar } from "./ReviewBar";
import { Versions } from "./Versions";
import "./postmortem.css";

// The editor (TipTap, ProseMirror, Yjs) loads only once there is a document to edit: the page
// that offers to start a postmortem stays light.
const PostmortemEditor = lazy(() => import("./editor/PostmortemEditor").then((m) => ({ default: m.PostmortemEditor })));

/** An incident's postmortem: its review, the live document and its published versions, or the
 * button that opens it if there is none. `meeting` is the review meeting's panel, which the shell
 * gives (it is another feature's), shown under the review once there is a postmortem. */
export function PostmortemPage({ reference, meeting }: { reference: string; meeting?: ReactNode }) {
  const incident = useIncident(reference);
  const postmortem = usePostmortem(reference);
  // Each review move is an event on the incident: others' moves (an approval, a publication) are
  // shown as they happen.
  useLiveIncidents();
  const missing = statusOf(postmortem.error) === 404;
  return (
    <div className="postmortem-page">
      <header className="postmortem-header">
        <p>
          <Link to={roomPath(reference)}>← {reference} room</Link>
        </p>
        <h1>
          Postmortem: {reference}
          {incident.data && `: ${incident.data.title}`}
        </h1>
      </header>
      {missing ? (
        <StartPostmortem reference={reference} />
      ) : (
        <QueryState query={postmortem} what="The postmortem">
          {(pm) => (
            <>
              <p className="facts postmortem-facts">
                <span>{pm.open_threads === 1 ? "1 open comment" : `${pm.open_threads} open comments`}</span> · <span>
                  updated <Time at={pm.updated_at} withDate />
                </span>{" "}
                · <a href={markdownExportUrl(reference)} download={`${reference}-postmortem.md`}>
                  Export Markdown
                </a>{" "}
                · <Link to={postmortemPrintPath(reference)}>Print</Link>
              </p>
              <ReviewBar reference={reference} postmortem={pm} />
              {meeting && <Suspense fallback={<p className="muted">Loading the review meeting…</p>}>{meeting}</Suspense>}
              {/* A change of rights (publishing, amending) opens the document again with the right socket behaviour. */}
              <Suspense fallback={<p className="muted">Opening the editor…</p>}>
                <PostmortemEditor key={String(pm.can_edit)} reference={reference} postmortem={pm} />
              </Suspense>
              <Versions reference={reference} />
              <ReadersPanel reference={reference} />
            </>
          )}
        </QueryState>
      )}
    </div>
  );
}

function StartPostmortem({ reference }: { reference: string }) {
  const { canAct } = useApp();
  const start = useStartPostmortem(reference);
  return (
    <section aria-label="No postmortem yet">
      <p>This incident has no postmortem yet.</p>
      {canAct ? (
        <>
          <p className="muted">Starting one opens a shared document from the incident's type template, for everyone working on it to write together.</p>
          <button type="button" disabled={start.isPending} onClick={() => start.mutate()}>
            Start the postmortem
          </button>
          {start.error && (
            <p className="error" role="alert">
              {describeProblem(start.error)}
            </p>
          )}
        </>
      ) : (
        <p className="muted">Someone working on the incident can start it.</p>
      )}
    </section>
  );
}

import { lazy, Suspense } from "react";
import { describeProblem } from "../api/client";
import { statusOf } from "../api/errors";
import { useIncident } from "../api/incidents";
import { QueryState } from "../components/QueryState";
import { useApp } from "../context";
import { Link } from "../Link";
import { roomPath } from "../route";
import { Time } from "../Time";
import { usePostmortem, useStartPostmortem } from "./api/postmortem";
import type { Postmortem } from "./api/types";
import "./postmortem.css";

// The editor (TipTap, ProseMirror, Yjs) loads only once there is a document to edit: the page
// that offers to start a postmortem stays light.
const PostmortemEditor = lazy(() => import("./editor/PostmortemEditor").then((m) => ({ default: m.PostmortemEditor })));

const STATES: Record<Postmortem["state"], string> = { draft: "Draft", in_review: "In review", changes_requested: "Changes requested", approved: "Approved", published: "Published" };

/** An incident's postmortem: the live document, or the button that opens it if there is none. */
export function PostmortemPage({ reference }: { reference: string }) {
  const incident = useIncident(reference);
  const postmortem = usePostmortem(reference);
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
                <span className="pm-state">{STATES[pm.state] ?? pm.state}</span> <span>version {pm.version}</span> · <span>{pm.open_threads === 1 ? "1 open comment" : `${pm.open_threads} open comments`}</span> · <span>
                  updated <Time at={pm.updated_at} withDate />
                </span>{" "}
                · <a href={`/api/v1/incidents/${encodeURIComponent(reference)}/postmortem/export.md`} download={`${reference}-postmortem.md`}>
                  Export as Markdown
                </a>
              </p>
              {/* A change of rights opens the document again with the right socket behaviour. */}
              <Suspense fallback={<p className="muted">Opening the editor…</p>}>
                <PostmortemEditor key={String(pm.can_edit)} reference={reference} postmortem={pm} />
              </Suspense>
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

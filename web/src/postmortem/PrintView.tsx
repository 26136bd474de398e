import { useMemo } from "react";
import { useIncident } from "../api/incidents";
import { QueryState } from "../components/QueryState";
import { Link } from "../Link";
import { postmortemStateLabel } from "../postmortems";
import { postmortemPath } from "../route";
import { usePostmortem } from "./api/postmortem";
import { usePostmortemHtml } from "./api/exports";
import { cleanExport } from "./printHtml";
import "./postmortem.css";

/** The postmortem as a reader (or a printer) sees it: the server's HTML export, sanitized again,
 * every section laid out for paper. In print, only the document is shown (see postmortem.css). */
export function PrintView({ reference }: { reference: string }) {
  const html = usePostmortemHtml(reference);
  const postmortem = usePostmortem(reference);
  const incident = useIncident(reference);
  const clean = useMemo(() => (html.data === undefined ? undefined : cleanExport(html.data)), [html.data]);
  const titled = clean !== undefined && /<h1[\s>]/i.test(clean);
  return (
    <div className="pm-print">
      <div className="pm-print-chrome">
        <p>
          <Link to={postmortemPath(reference)}>← Back to the postmortem</Link>
        </p>
        <button type="button" onClick={() => window.print()}>
          Print
        </button>
      </div>
      {/* The document names itself with its own level-1 heading; a page heading only when it has none. */}
      {clean !== undefined && !titled && (
        <h1>
          Postmortem: {reference}
          {incident.data && `: ${incident.data.title}`}
        </h1>
      )}
      {postmortem.data && (
        <p className="pm-print-meta muted">
          {reference} · {postmortemStateLabel(postmortem.data.state)} · version {postmortem.data.version}
        </p>
      )}
      <QueryState query={{ ...html, data: clean }} what="The postmortem">
        {(body) => <article className="pm-print-doc" aria-label={`Postmortem of ${reference}`} dangerouslySetInnerHTML={{ __html: body }} />}
      </QueryState>
    </div>
  );
}

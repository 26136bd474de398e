import "./reading.css";
import { useEffect, useId, useMemo, useRef } from "react";
import { useAcknowledgeReading, useReading, useUnsubscribeReading, type Reading } from "../api/distribution";
import { ApiError } from "../api/errors";
import { problemText } from "../components/forms";
import { Time } from "../Time";
import { cleanExport } from "./printHtml";
import { readingFailure, renderingLabel } from "./reading";

/** The page a postmortem's personal link opens, from an email or a Slack DM. It works without
 * signing in (the token is the credential), so it stands outside the app's shell: no header, no
 * session check, no redirect to the sign-in form. Laid out like a printed page. */
export function ReadingPage({ token }: { token: string }) {
  const reading = useReading(token);
  const title = reading.data ? `${reading.data.incident.reference}: ${reading.data.incident.title} · Goldseam` : "Postmortem · Goldseam";
  useEffect(() => {
    document.title = title;
  }, [title]);

  return (
    <main className="reading-page" id="main">
      <p className="brand">Goldseam</p>
      {reading.data ? (
        <Document token={token} reading={reading.data} />
      ) : reading.isError ? (
        <Failure error={reading.error} retrying={reading.isFetching} retry={() => void reading.refetch()} />
      ) : (
        <p className="muted">Loading…</p>
      )}
    </main>
  );
}

function Document({ token, reading }: { token: string; reading: Reading }) {
  const { incident } = reading;
  // Sanitized by the server, and again here as the print view does: the page never trusts markup
  // it did not check itself.
  const html = useMemo(() => withoutTitle(cleanExport(reading.html)), [reading.html]);
  const headingId = useId();
  return (
    <article aria-labelledby={headingId}>
      <header className="reading-header">
        <p className="reading-kind">
          {renderingLabel(reading.rendering)} · version {reading.version} · published <Time at={reading.published_at} withDate />
        </p>
        <h1 id={headingId}>
          {incident.reference}: {incident.title}
        </h1>
        <p className="reading-facts">
          <span className={`sev sev-${incident.severity}`}>{incident.severity}</span>
        </p>
      </header>
      {reading.changes && <Changes changes={reading.changes} />}
      <div className="reading-doc" dangerouslySetInnerHTML={{ __html: html }} />
      {reading.full_link && (
        <p className="reading-full">
          {/* An app path: opening it goes through the sign-in form if there is no session. */}
          <a href={reading.full_link}>Read the full postmortem</a> <span className="muted">(you may need to sign in)</span>
        </p>
      )}
      {/* A mailing list's link: nobody there can say they read it, or speak for the list. */}
      {reading.reader.is_person !== false && (
        <>
          <Acknowledge token={token} reading={reading} />
          <Unsubscribe token={token} />
        </>
      )}
    </article>
  );
}

/** "Amended since you read it": what changed in this version, for a reader who had read an earlier one. */
function Changes({ changes }: { changes: string[] }) {
  const id = useId();
  return (
    <section className="reading-changes" aria-labelledby={id}>
      <h2 id={id}>Amended since you read it</h2>
      {changes.length ? (
        <ul>
          {changes.map((c, i) => (
            <li key={i}>{c}</li>
          ))}
        </ul>
      ) : (
        <p>This version was published after you read an earlier one.</p>
      )}
    </section>
  );
}

function Acknowledge({ token, reading }: { token: string; reading: Reading }) {
  const acknowledge = useAcknowledgeReading(token);
  const outcome = useRef<HTMLDivElement>(null);
  const at = reading.reader.acknowledged_at;

  async function onAcknowledge() {
    await acknowledge.mutateAsync().catch(() => undefined);
    // The button is gone (or failed): the keyboard continues from what came of it.
    requestAnimationFrame(() => outcome.current?.focus());
  }

  return (
    <section className="reading-ack" aria-label="Acknowledgement">
      <div ref={outcome} tabIndex={-1} role="status">
        {at && (
          <p className="done">
            <span aria-hidden="true">✓ </span>You acknowledged it on <Time at={at} withDate />.
          </p>
        )}
      </div>
      {!at && (
        <>
          <p className="muted">{reading.reader.required ? "You are asked to read this postmortem. Tell its authors once you have: until then you may be reminded." : "Tell its authors you have read it."}</p>
          <button type="button" className="primary" onClick={onAcknowledge} disabled={acknowledge.isPending}>
            {acknowledge.isPending ? "Saving…" : "I have read it"}
          </button>
          {acknowledge.isError && (
            <p role="alert" className="error">
              Not saved: {problemText(acknowledge.error)}
            </p>
          )}
        </>
      )}
    </section>
  );
}

/** One-click opt-out (the emails carry it as List-Unsubscribe too). Required reading still comes:
 * the server keeps sending what the reader's role asks them to read. */
function Unsubscribe({ token }: { token: string }) {
  const unsubscribe = useUnsubscribeReading(token);
  return (
    <footer className="reading-footer">
      <div role="status">{unsubscribe.isSuccess && <p>You will no longer get postmortems you are not required to read.</p>}</div>
      {!unsubscribe.isSuccess && (
        <p className="muted">
          Getting postmortems you do not need?{" "}
          <button type="button" className="link" onClick={() => unsubscribe.mutate()} disabled={unsubscribe.isPending}>
            Stop sending me postmortems
          </button>{" "}
          (those you are required to read still come).
        </p>
      )}
      {unsubscribe.isError && (
        <p role="alert" className="error">
          Not unsubscribed: {problemText(unsubscribe.error)}
        </p>
      )}
    </footer>
  );
}

function Failure({ error, retrying, retry }: { error: unknown; retrying: boolean; retry: () => void }) {
  const e = error instanceof ApiError ? error : new ApiError(0, undefined);
  const f = readingFailure(e.status, e.status ? e.detail : undefined);
  return (
    <div className="reading-failed">
      <h1>{f.title}</h1>
      <p role="alert" className="failed">
        {f.text}
      </p>
      {f.retry && (
        <button type="button" onClick={retry} disabled={retrying}>
          Try again
        </button>
      )}
      <p>
        <a href="/">Open Goldseam</a> <span className="muted">(you may need to sign in)</span>
      </p>
    </div>
  );
}

/** The document without its own title: the page's header already names the incident (one
 * level-1 heading per page, for screen readers). */
function withoutTitle(html: string): string {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
  const first = doc.body.firstElementChild;
  if (first?.tagName === "H1") first.remove();
  return doc.body.innerHTML;
}

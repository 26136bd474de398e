import "./readers.css";
import { useId, useState } from "react";
import { useReaders, type Reader, type ReaderStatus } from "../api/distribution";
import { statusOf } from "../api/errors";
import { QueryError } from "../components/QueryState";
import { useApp } from "../context";
import { Time } from "../Time";
import { audienceWords, countWords, emptyWords, READER_FILTERS, readerKindLabel } from "./readers";

/** Who the published postmortem went to and who has read it: for the incident manager and admins.
 * Anyone else is refused (403) by the server, and then the panel is not there at all; viewers,
 * who can be neither, are not asked. */
export function ReadersPanel({ reference }: { reference: string }) {
  const { canAct } = useApp();
  const [status, setStatus] = useState<ReaderStatus | null>(null);
  const list = useReaders(reference, status, canAct);
  const headingId = useId();
  const { query, summary } = list;
  // Until the first answer it is not known whether the panel is theirs to see: nothing shows
  // rather than a panel that may vanish.
  if (!canAct || statusOf(query.error) === 403 || (summary === undefined && query.error == null)) return null;

  return (
    <section className="pm-readers" aria-labelledby={headingId}>
      <h2 id={headingId}>Readers</h2>
      {query.error != null && !query.isFetching && <QueryError error={query.error} what="The readers" retry={query.refetch} />}
      {summary && summary.version == null && <p className="muted">Not distributed yet. Publishing sends it to the audiences the distribution settings name, and each reader's opening and acknowledgement shows here.</p>}
      {summary && summary.version != null && (
        <>
          <p className="muted">
            Version {summary.version}
            {summary.distributed_at && (
              <>
                {" "}
                sent <Time at={summary.distributed_at} withDate />
              </>
            )}
            .
          </p>
          <ul className="pm-reader-counts">
            {countWords(summary.counts).map((w) => (
              <li key={w.text} className={w.attention ? "attention" : undefined}>
                {w.text}
              </li>
            ))}
          </ul>
          <div className="pm-reader-filters" role="group" aria-label="Show readers">
            {READER_FILTERS.map((f) => (
              <button key={f.label} type="button" className="chip" aria-pressed={status === f.status} onClick={() => setStatus(f.status)}>
                {f.label}
              </button>
            ))}
          </div>
          <ReaderTable readers={list.readers ?? []} version={summary.version} empty={emptyWords(status)} stale={query.isPlaceholderData} />
          {list.hasMore && (
            <button type="button" onClick={() => void list.loadMore()} disabled={list.loadingMore}>
              {list.loadingMore ? "Loading…" : "Load more"}
            </button>
          )}
        </>
      )}
    </section>
  );
}

function ReaderTable({ readers, version, empty, stale }: { readers: Reader[]; version: number; empty: string; stale: boolean }) {
  if (!readers.length) return <p className="muted">{stale ? "Loading…" : empty}</p>;
  return (
    <table className="pm-reader-table" aria-busy={stale || undefined}>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Why</th>
          <th scope="col">Sent as</th>
          <th scope="col">Sent</th>
          <th scope="col">Opened</th>
          <th scope="col">Acknowledged</th>
          <th scope="col">Reminded</th>
        </tr>
      </thead>
      <tbody>
        {readers.map((r) => (
          <ReaderRow key={r.id} reader={r} version={version} />
        ))}
      </tbody>
    </table>
  );
}

function ReaderRow({ reader: r, version }: { reader: Reader; version: number }) {
  const kind = readerKindLabel(r.kind);
  // Lists, channels and webhooks get the document, but nobody's opening can be told apart.
  const untracked = <span className="muted">not tracked</span>;
  const when = (at: string | null) => (at ? <Time at={at} withDate /> : <span className="muted">—</span>);
  return (
    <tr className={`status-${r.status}`}>
      <th scope="row" data-label="Name">
        <span>
          {kind && (
            <>
              <span className="muted">{kind}</span>{" "}
            </>
          )}
          {r.name}
          {r.required && (
            <>
              {" "}
              <span className="badge">Required</span>
            </>
          )}
        </span>
      </th>
      <td data-label="Why">{r.audiences.map(audienceWords).join(", ")}</td>
      <td data-label="Sent as">{r.rendering === "summary" ? "Summary" : "Full"}</td>
      <td data-label="Sent">{when(r.sent_at)}</td>
      <td data-label="Opened">
        {kind ? (
          untracked
        ) : (
          <span>
            {when(r.opened_at ?? null)}
            {r.opened_at && r.version_read != null && r.version_read !== version && <span className="muted"> (version {r.version_read})</span>}
          </span>
        )}
      </td>
      <td data-label="Acknowledged">{kind ? untracked : when(r.acknowledged_at ?? null)}</td>
      <td data-label="Reminded">{kind ? untracked : when(r.reminded_at ?? null)}</td>
    </tr>
  );
}

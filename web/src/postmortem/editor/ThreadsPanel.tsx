import { useId, useState, type FormEvent } from "react";
import { describeProblem } from "../../api/client";
import { QueryState } from "../../components/QueryState";
import { Time } from "../../Time";
import { useReply, useResolve, useThreads, type Thread } from "../api/threads";

/** The document's comment threads, open ones first: the quoted words, the replies, a reply box
 * and Resolve for those who may edit; "Show" scrolls the document to the highlighted words. */
export function ThreadsPanel({ reference, canEdit, onShow, onResolved }: { reference: string; canEdit: boolean; onShow: (id: string) => void; onResolved: (id: string) => void }) {
  const threads = useThreads(reference);
  return (
    <aside className="pm-threads" aria-label="Comments">
      <h2>Comments</h2>
      <QueryState query={threads} what="The comments">
        {(all) => {
          const open = all.filter((t) => !t.resolved);
          const resolved = all.filter((t) => t.resolved);
          return (
            <>
              {open.length ? (
                <ul>
                  {open.map((t) => (
                    <ThreadItem key={t.id} reference={reference} thread={t} canEdit={canEdit} onShow={onShow} onResolved={onResolved} />
                  ))}
                </ul>
              ) : (
                <p className="muted">No open comments. Select text and choose Comment to start one.</p>
              )}
              {resolved.length > 0 && (
                <details>
                  <summary>{resolved.length} resolved</summary>
                  <ul>
                    {resolved.map((t) => (
                      <ThreadItem key={t.id} reference={reference} thread={t} canEdit={false} onShow={onShow} onResolved={onResolved} />
                    ))}
                  </ul>
                </details>
              )}
            </>
          );
        }}
      </QueryState>
    </aside>
  );
}

function ThreadItem({ reference, thread, canEdit, onShow, onResolved }: { reference: string; thread: Thread; canEdit: boolean; onShow: (id: string) => void; onResolved: (id: string) => void }) {
  const id = useId();
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const reply = useReply(reference);
  const resolve = useResolve(reference);
  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim()) return;
    try {
      await reply.mutateAsync({ id: thread.id, body: body.trim() });
      setBody("");
      setError(null);
    } catch (err) {
      setError(describeProblem(err));
    }
  };
  const close = async () => {
    try {
      await resolve.mutateAsync(thread.id);
      onResolved(thread.id);
      setError(null);
    } catch (err) {
      setError(describeProblem(err));
    }
  };
  return (
    <li className={`pm-thread${thread.resolved ? " resolved" : ""}`}>
      <blockquote>{thread.quote}</blockquote>
      {thread.replies.map((r, i) => (
        <div className="reply" key={i}>
          <strong>{r.author.name ?? "Former user"}</strong> <span className="muted">
            <Time at={r.at} withDate />
          </span>
          <div>{r.body}</div>
        </div>
      ))}
      <button type="button" onClick={() => onShow(thread.id)} aria-label={`Show “${thread.quote.slice(0, 40)}” in the document`}>
        Show
      </button>
      {canEdit && (
        <>
          <form onSubmit={send}>
            <label htmlFor={id}>
              Reply
              <textarea id={id} rows={2} value={body} onChange={(e) => setBody(e.target.value)} />
            </label>
            <button type="submit" disabled={reply.isPending || !body.trim()}>
              Reply
            </button>{" "}
            <button type="button" disabled={resolve.isPending} onClick={close}>
              Resolve
            </button>
          </form>
        </>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

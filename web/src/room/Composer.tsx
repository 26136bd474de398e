import { useId, useRef, useState, type KeyboardEvent } from "react";
import type { User } from "../api/client";
import { handleOf } from "../api/people";
import type { Act } from "./act";
import { useAddComment, usePostStatusUpdate } from "./api/changes";
import { mentionAt, searchPeople } from "./directory";

/** Writing in the timeline: a comment (Ctrl/Cmd+Enter) or a status update for stakeholders.
 * Typing @ and a few letters offers people to mention. */
export function Composer({ reference, people, act }: { reference: string; people: User[]; act: Act }) {
  const id = useId();
  const [body, setBody] = useState("");
  const [sending, setSending] = useState(false);
  const [mention, setMention] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const area = useRef<HTMLTextAreaElement>(null);
  const matches = mention ? searchPeople(people, mention.query, 6) : [];
  const current = Math.min(active, matches.length - 1);
  const completing = matches.length > 0;
  const { mutateAsync: comment } = useAddComment(reference);
  const { mutateAsync: update } = usePostStatusUpdate(reference);

  const send = async (kind: "comment" | "update") => {
    if (!body.trim() || sending) return;
    setSending(true);
    const ok = await act(kind === "comment" ? comment(body) : update(body));
    setSending(false);
    if (ok) {
      setBody("");
      setMention(null);
    }
  };

  const track = (text: string, caret: number) => {
    const found = mentionAt(text, caret);
    setMention(found);
    if (found?.query !== mention?.query) setActive(0);
  };

  const complete = (user: User) => {
    if (!mention) return;
    const handle = `@${handleOf(user)} `;
    const end = mention.start + 1 + mention.query.length;
    const next = body.slice(0, mention.start) + handle + body.slice(end);
    setBody(next);
    setMention(null);
    const caret = mention.start + handle.length;
    requestAnimationFrame(() => {
      area.current?.focus();
      area.current?.setSelectionRange(caret, caret);
    });
  };

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (completing) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        const n = matches.length;
        setActive((current + (e.key === "ArrowDown" ? 1 : n - 1)) % n);
        return;
      }
      if ((e.key === "Enter" && !e.ctrlKey && !e.metaKey && !e.shiftKey) || e.key === "Tab") {
        e.preventDefault();
        complete(matches[current]);
        return;
      }
      if (e.key === "Escape") {
        e.preventDefault();
        setMention(null);
        return;
      }
    }
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      send("comment");
    }
  }

  return (
    <form className="composer" onSubmit={(e) => (e.preventDefault(), send("comment"))} aria-label="Write in the timeline">
      <label htmlFor={`${id}-body`}>Comment or status update</label>
      <div className="composer-field">
        <textarea
          id={`${id}-body`}
          ref={area}
          value={body}
          onChange={(e) => {
            setBody(e.target.value);
            track(e.target.value, e.target.selectionStart);
          }}
          onSelect={(e) => track(e.currentTarget.value, e.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
          onBlur={() => setMention(null)}
          rows={3}
          maxLength={50000}
          aria-describedby={`${id}-hint`}
          aria-controls={completing ? `${id}-mentions` : undefined}
          aria-autocomplete={completing ? "list" : undefined}
          aria-activedescendant={completing ? `${id}-m-${matches[current].id}` : undefined}
        />
        {completing && (
          <ul role="listbox" id={`${id}-mentions`} aria-label="Mention someone" className="picker-list">
            {matches.map((p, i) => (
              <li key={p.id} id={`${id}-m-${p.id}`} role="option" aria-selected={i === current} onMouseDown={(e) => e.preventDefault()} onClick={() => complete(p)}>
                {p.name} <span className="muted">@{handleOf(p)}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <p id={`${id}-hint`} className="muted hint-line">
        Markdown, #tags and @mentions work. Ctrl+Enter (⌘+Enter) posts a comment.
      </p>
      <button type="submit" disabled={sending}>
        Comment
      </button>{" "}
      <button type="button" onClick={() => send("update")} disabled={sending}>
        Post status update
      </button>
    </form>
  );
}

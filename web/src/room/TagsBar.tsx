import { useState, type FormEvent } from "react";
import type { Incident } from "../api/client";
import { Link } from "../Link";
import { tagPath } from "../route";
import type { Act } from "./act";
import { useAddTag, useRemoveTag } from "./api/changes";

/** The incident's tags, each a way into every incident with it; members and admins add and remove. */
export function TagsBar({ incident, canAct, act }: { incident: Incident; canAct: boolean; act: Act }) {
  const [tag, setTag] = useState("");
  const { mutateAsync: addTag } = useAddTag(incident.reference);
  const { mutateAsync: removeTag } = useRemoveTag(incident.reference);

  async function add(e: FormEvent) {
    e.preventDefault();
    const clean = tag.trim().replace(/^#+/, "");
    if (!clean) return;
    if (await act(addTag(clean))) setTag("");
  }

  return (
    <section className="tags-bar" aria-labelledby="tags-title">
      <h2 id="tags-title">Tags</h2>
      {incident.tags.length === 0 ? (
        <p className="muted">No tags yet{canAct ? "; a #hashtag in a comment adds one too" : ""}.</p>
      ) : (
        <ul className="tag-list">
          {incident.tags.map((t) => (
            <li key={t}>
              <Link to={tagPath(t)} className="tag" title={`Every incident tagged #${t}`}>
                #{t}
              </Link>
              {canAct && (
                <button className="icon" onClick={() => act(removeTag(t))} aria-label={`Remove tag #${t}`} title={`Remove #${t}`}>
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canAct && (
        <form className="add-tag" onSubmit={add} aria-label="Add a tag">
          <input value={tag} onChange={(e) => setTag(e.target.value)} aria-label="New tag" placeholder="New tag" maxLength={65} autoComplete="off" spellCheck={false} />
          <button type="submit">Add</button>
        </form>
      )}
    </section>
  );
}

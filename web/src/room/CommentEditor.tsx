import { useState, type FormEvent } from "react";

/** Editing one's comment in place: Ctrl/Cmd+Enter saves, Escape gives up. */
export function CommentEditor({ initial, onSave, onCancel }: { initial: string; onSave: (body: string) => Promise<unknown>; onCancel: () => void }) {
  const [body, setBody] = useState(initial);
  const [saving, setSaving] = useState(false);
  async function save(e?: FormEvent) {
    e?.preventDefault();
    if (!body.trim() || saving) return;
    if (body === initial) return onCancel();
    setSaving(true);
    await onSave(body);
    setSaving(false);
  }
  return (
    <form className="comment-editor" onSubmit={save} aria-label="Edit comment">
      <textarea
        aria-label="Comment text"
        value={body}
        onChange={(e) => setBody(e.target.value)}
        rows={Math.min(12, Math.max(3, body.split("\n").length + 1))}
        autoFocus
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) save(e);
          if (e.key === "Escape") onCancel();
        }}
      />
      <button type="submit" disabled={saving || !body.trim()}>
        Save
      </button>{" "}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

import { useEditorState, type Editor } from "@tiptap/react";
import { useId, useState, type FormEvent, type ReactNode } from "react";
import { isSafeHref } from "./schema";

/** What the toolbar opens below itself: the link form or the comment form. */
type Open = "link" | "comment" | null;

/** Formatting and insertions. Every button is named for screen readers by its word, and toggles
 * say whether they are on (aria-pressed). */
export function Toolbar({
  editor,
  defaultCategory,
  onInsertFromTimeline,
  onAddFollowUp,
  onComment,
}: {
  editor: Editor;
  defaultCategory: string;
  onInsertFromTimeline: () => void;
  onAddFollowUp: () => void;
  onComment: (body: string) => Promise<boolean>;
}) {
  const [open, setOpen] = useState<Open>(null);
  const on = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive("bold"),
      italic: e.isActive("italic"),
      strike: e.isActive("strike"),
      underline: e.isActive("underline"),
      code: e.isActive("code"),
      link: e.isActive("link"),
      h2: e.isActive("heading", { level: 2 }),
      h3: e.isActive("heading", { level: 3 }),
      bullets: e.isActive("bulletList"),
      numbers: e.isActive("orderedList"),
      tasks: e.isActive("taskList"),
      quote: e.isActive("blockquote"),
      codeBlock: e.isActive("codeBlock"),
      selection: !e.state.selection.empty,
      table: e.isActive("table"),
    }),
  });
  const chain = () => editor.chain().focus();

  return (
    <>
      <div className="pm-toolbar" role="toolbar" aria-label="Formatting">
        <Tool label="Bold" short="B" pressed={on.bold} run={() => chain().toggleBold().run()} />
        <Tool label="Italic" short="I" pressed={on.italic} run={() => chain().toggleItalic().run()} />
        <Tool label="Underline" short="U" pressed={on.underline} run={() => chain().toggleUnderline().run()} />
        <Tool label="Strikethrough" short="S" pressed={on.strike} run={() => chain().toggleStrike().run()} />
        <Tool label="Inline code" short="</>" pressed={on.code} run={() => chain().toggleCode().run()} />
        <Tool label="Link" short="Link" pressed={on.link} run={() => setOpen(open === "link" ? null : "link")} />
        <span className="sep" aria-hidden="true" />
        <Tool label="Heading 2" short="H2" pressed={on.h2} run={() => chain().toggleHeading({ level: 2 }).run()} />
        <Tool label="Heading 3" short="H3" pressed={on.h3} run={() => chain().toggleHeading({ level: 3 }).run()} />
        <Tool label="Bulleted list" short="• List" pressed={on.bullets} run={() => chain().toggleBulletList().run()} />
        <Tool label="Numbered list" short="1. List" pressed={on.numbers} run={() => chain().toggleOrderedList().run()} />
        <Tool label="Task list" short="☐ Tasks" pressed={on.tasks} run={() => chain().toggleTaskList().run()} />
        <Tool label="Quote" short="❝" pressed={on.quote} run={() => chain().toggleBlockquote().run()} />
        <Tool label="Code block" short="{ }" pressed={on.codeBlock} run={() => chain().toggleCodeBlock().run()} />
        <span className="sep" aria-hidden="true" />
        <Tool label="Insert table" short="Table" run={() => chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run()} />
        <Tool label="Insert contributing factor" short="+ Factor" run={() => chain().insertContent({ type: "factor", attrs: { category: defaultCategory } }).run()} />
        <Tool label="Insert from timeline…" short="+ From timeline…" run={onInsertFromTimeline} />
        <Tool label="Add follow-up…" short="+ Follow-up…" run={onAddFollowUp} />
        <Tool label="Comment on the selection" short="Comment" disabled={!on.selection} run={() => setOpen("comment")} />
        {on.table && (
          <>
            <span className="sep" aria-hidden="true" />
            <Tool label="Add a row below" short="+ Row" run={() => chain().addRowAfter().run()} />
            <Tool label="Add a column to the right" short="+ Column" run={() => chain().addColumnAfter().run()} />
            <Tool label="Delete this row" short="− Row" run={() => chain().deleteRow().run()} />
            <Tool label="Delete this column" short="− Column" run={() => chain().deleteColumn().run()} />
            <Tool label="Delete the table" short="− Table" run={() => chain().deleteTable().run()} />
          </>
        )}
      </div>
      {open === "link" && <LinkForm editor={editor} current={on.link ? String(editor.getAttributes("link").href ?? "") : ""} close={() => setOpen(null)} />}
      {open === "comment" && <CommentForm close={() => setOpen(null)} onComment={onComment} />}
    </>
  );
}

function Tool({ label, short, pressed, disabled, run }: { label: string; short: ReactNode; pressed?: boolean; disabled?: boolean; run: () => void }) {
  return (
    <button type="button" title={label} aria-pressed={pressed} disabled={disabled} onClick={run}>
      <span aria-hidden="true">{short}</span>
      <span className="visually-hidden">{label}</span>
    </button>
  );
}

/** The link's address: http, https or mailto only (the schema refuses anything else too). */
function LinkForm({ editor, current, close }: { editor: Editor; current: string; close: () => void }) {
  const id = useId();
  const [href, setHref] = useState(current);
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const value = href.trim();
    if (!isSafeHref(value)) {
      setError("Links must start with https://, http:// or mailto:.");
      return;
    }
    // With nothing selected, the address itself becomes the linked text.
    if (editor.state.selection.empty && !current) editor.chain().focus().insertContent({ type: "text", text: value, marks: [{ type: "link", attrs: { href: value } }] }).run();
    else editor.chain().focus().extendMarkRange("link").setLink({ href: value }).run();
    close();
  };
  return (
    <form className="pm-inline-form" onSubmit={submit} onKeyDown={(e) => e.key === "Escape" && close()}>
      <label htmlFor={id}>
        Link address
        <input id={id} type="url" value={href} autoFocus onChange={(e) => setHref(e.target.value)} aria-invalid={!!error} aria-describedby={error ? `${id}-error` : undefined} placeholder="https://" />
      </label>
      <button type="submit">Apply link</button>
      {current && (
        <button
          type="button"
          onClick={() => {
            editor.chain().focus().extendMarkRange("link").unsetLink().run();
            close();
          }}
        >
          Remove link
        </button>
      )}
      <button type="button" onClick={close}>
        Cancel
      </button>
      {error && (
        <p id={`${id}-error`} className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/** A comment on the selected text: it starts a thread, then the text carries the thread's mark. */
function CommentForm({ close, onComment }: { close: () => void; onComment: (body: string) => Promise<boolean> }) {
  const id = useId();
  const [body, setBody] = useState("");
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim() || busy) return;
    setBusy(true);
    const ok = await onComment(body.trim());
    setBusy(false);
    if (ok) close();
  };
  return (
    <form className="pm-inline-form" onSubmit={submit} onKeyDown={(e) => e.key === "Escape" && close()}>
      <label htmlFor={id}>
        Comment on the selected text
        <textarea id={id} rows={2} value={body} autoFocus onChange={(e) => setBody(e.target.value)} />
      </label>
      <button type="submit" disabled={busy || !body.trim()}>
        Comment
      </button>
      <button type="button" onClick={close}>
        Cancel
      </button>
    </form>
  );
}

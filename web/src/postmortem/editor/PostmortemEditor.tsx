import { EditorContent, useEditor } from "@tiptap/react";
import { useEffect, useMemo, useState } from "react";
import type { WebsocketProvider } from "y-websocket";
import type * as Y from "yjs";
import { describeProblem } from "../../api/client";
import type { FollowUp } from "../../api/followUps";
import { useDirectory } from "../../api/people";
import { useApp } from "../../context";
import { useFactorCategories, type FactorCategory } from "../../api/postmortems";
import { DEFAULT_CATEGORIES, type Postmortem } from "../api/postmortem";
import { useStartThread } from "../api/threads";
import { quoteContent, quoteOf, type Quote } from "../quotes";
import { anchorSelection, removeThreadMarks } from "./anchor";
import { CategoriesContext } from "./categories";
import { colorFor } from "./colors";
import { editorExtensions } from "./extensions";
import { FollowUpDialog } from "./FollowUpDialog";
import { MentionList, MentionMenu } from "./mentions";
import { PresenceBar } from "./PresenceBar";
import { useDocSession, type SyncState } from "./sync";
import { ThreadsPanel } from "./ThreadsPanel";
import { TimelinePicker } from "./TimelinePicker";
import { Toolbar } from "./Toolbar";

const fallbackCategories: FactorCategory[] = DEFAULT_CATEGORIES.map((key) => ({ key, name: key.charAt(0).toUpperCase() + key.slice(1), description: "" }));

/** The live document: connects, waits for the server's copy, then edits it with everyone else.
 * The editor never writes content of its own: an empty document stays empty until someone types. */
export function PostmortemEditor({ reference, postmortem }: { reference: string; postmortem: Postmortem }) {
  const readOnly = !postmortem.can_edit;
  const { session, state } = useDocSession(reference, readOnly);
  const categories = useFactorCategories();
  // If the taxonomy cannot be read, the default keys still let people classify factors.
  const cats = categories.data?.length ? categories.data : fallbackCategories;
  return (
    <CategoriesContext.Provider value={cats}>
      <SyncLine state={state} readOnly={readOnly} />
      {state.provider && <PresenceBar provider={state.provider} />}
      {state.synced && state.provider ? <LiveEditor key={session.doc.clientID} reference={reference} doc={session.doc} provider={state.provider} readOnly={readOnly} closed={!!state.closed} defaultCategory={cats[0]?.key ?? "other"} /> : !state.closed && <p className="muted">Opening the document…</p>}
    </CategoriesContext.Provider>
  );
}

function SyncLine({ state, readOnly }: { state: SyncState; readOnly: boolean }) {
  if (state.closed)
    return (
      <p className="error" role="alert">
        The server closed the document{state.closed.reason ? `: ${state.closed.reason}` : ""}. Reload the page to open it again.
      </p>
    );
  const words = state.status === "connected" ? (readOnly ? "Live · you can read this postmortem but not change it." : "Live · changes are saved as you type.") : state.synced ? "Reconnecting… your changes are kept and will be sent when the connection is back." : "Connecting…";
  return (
    <p className="sync-status muted" role="status">
      {words}
    </p>
  );
}

function LiveEditor({ reference, doc, provider, readOnly, closed, defaultCategory }: { reference: string; doc: Y.Doc; provider: WebsocketProvider; readOnly: boolean; closed: boolean; defaultCategory: string }) {
  const { session } = useApp();
  const { active } = useDirectory();
  const [menu] = useState(() => new MentionMenu());
  useEffect(() => menu.setPeople(active), [menu, active]);
  const [picking, setPicking] = useState(false);
  const [addingFollowUp, setAddingFollowUp] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [unreadable, setUnreadable] = useState(false);
  const user = useMemo(() => ({ id: session.user.id, name: session.user.name, color: colorFor(session.user.id) }), [session.user.id, session.user.name]);

  const editor = useEditor(
    {
      extensions: editorExtensions({ doc, provider, user, menu }),
      editable: !readOnly,
      // The app's Content-Security-Policy refuses inline <style>: the base styles are in postmortem.css.
      injectCSS: false,
      // Shared content this schema cannot show is kept, not deleted, and editing stops (below).
      enableContentCheck: true,
      onContentError: () => setUnreadable(true),
      editorProps: { attributes: { "aria-label": "Postmortem document", role: "textbox", "aria-multiline": "true", ...(readOnly ? { "aria-readonly": "true" } : {}) } },
    },
    [doc, provider],
  );

  // Typing over content the editor could not read would delete it from everyone's document, and
  // what is typed once the server has closed the document would never reach it.
  useEffect(() => {
    if (unreadable || closed) editor?.setEditable(false);
  }, [unreadable, closed, editor]);

  const startThread = useStartThread(reference);
  const comment = async (body: string) => {
    if (!editor) return false;
    const { from, to } = editor.state.selection;
    const quote = quoteOf(editor.state.doc.textBetween(from, to, " ", " "));
    const where = anchorSelection(editor);
    try {
      const thread = await startThread.mutateAsync({ quote, body });
      const range = where();
      if (range) editor.chain().setTextSelection(range).setComment(thread.id).run();
      setError(null);
      return true;
    } catch (e) {
      setError(describeProblem(e));
      return false;
    }
  };

  const insertQuote = (q: Quote) => {
    setPicking(false);
    editor?.chain().focus().insertContent({ type: "timelineEvent", attrs: { eventId: q.eventId, at: q.at, author: q.author, kind: q.kind }, content: quoteContent(q.text) }).run();
  };

  // The follow-up exists once the API made it; the block then points at it.
  const insertFollowUp = (f: FollowUp) => {
    setAddingFollowUp(false);
    editor?.chain().focus().insertContent({ type: "followUp", attrs: { followUpId: f.id, title: f.title } }).run();
  };

  const show = (threadId: string) => {
    const el = editor?.view.dom.querySelector(`[data-thread-id="${CSS.escape(threadId)}"]`);
    el?.scrollIntoView({ block: "center", behavior: "smooth" });
  };

  if (!editor) return null;
  const editable = !readOnly && !unreadable && !closed;
  return (
    <div className="pm-layout">
      <div>
        {unreadable && (
          <p className="error" role="alert">
            This document holds content this editor cannot show, so editing is paused to keep it safe. Reload after updating Goldseam.
          </p>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {editable && <Toolbar editor={editor} defaultCategory={defaultCategory} onInsertFromTimeline={() => setPicking(true)} onAddFollowUp={() => setAddingFollowUp(true)} onComment={comment} />}
        <EditorContent editor={editor} className="pm-editor" />
        <MentionList menu={menu} input={editor.view.dom} />
        {addingFollowUp && (
          <FollowUpDialog
            reference={reference}
            onCreated={insertFollowUp}
            onClose={() => {
              setAddingFollowUp(false);
              editor.commands.focus();
            }}
          />
        )}
        {picking && (
          <TimelinePicker
            reference={reference}
            onPick={insertQuote}
            onClose={() => {
              setPicking(false);
              editor.commands.focus();
            }}
          />
        )}
      </div>
      <ThreadsPanel reference={reference} canEdit={editable} onShow={show} onResolved={(id) => removeThreadMarks(editor, id)} />
    </div>
  );
}

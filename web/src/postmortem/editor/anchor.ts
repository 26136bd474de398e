// Where a selection is in the shared document, kept while a request is in flight: others may type
// meanwhile, so the comment mark goes where the selected words now are, not where they were.
import type { Editor } from "@tiptap/core";
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from "@tiptap/y-tiptap";

export type Range = { from: number; to: number };

/** Remembers the current selection as Yjs relative positions; the returned function says where it
 * is now (null if the words were deleted meanwhile). */
export function anchorSelection(editor: Editor): () => Range | null {
  const { from, to } = editor.state.selection;
  const sync = ySyncPluginKey.getState(editor.state);
  if (!sync?.binding) return () => ({ from, to });
  const relFrom = absolutePositionToRelativePosition(from, sync.type, sync.binding.mapping);
  const relTo = absolutePositionToRelativePosition(to, sync.type, sync.binding.mapping);
  return () => {
    const now = ySyncPluginKey.getState(editor.state);
    if (!now?.binding) return null;
    const f = relativePositionToAbsolutePosition(now.doc, now.type, relFrom, now.binding.mapping);
    const t = relativePositionToAbsolutePosition(now.doc, now.type, relTo, now.binding.mapping);
    return f != null && t != null && f < t ? { from: f, to: t } : null;
  };
}

/** Takes a resolved thread's highlight off the text it was anchored on. */
export function removeThreadMarks(editor: Editor, threadId: string): void {
  const type = editor.schema.marks.comment;
  const { tr, doc } = editor.state;
  doc.descendants((node, pos) => {
    const mark = node.marks.find((m) => m.type === type && m.attrs.threadId === threadId);
    if (mark) tr.removeMark(pos, pos + node.nodeSize, mark);
  });
  if (tr.docChanged) editor.view.dispatch(tr);
}

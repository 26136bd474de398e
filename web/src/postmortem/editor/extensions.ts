// The editor's extensions: the contract's schema (schema.ts) with its React node views and
// mention suggestions, plus what only an editor needs: placeholders for the template's help,
// live collaboration on the Y.Doc and everyone's carets.
import { Collaboration } from "@tiptap/extension-collaboration";
import { CollaborationCaret } from "@tiptap/extension-collaboration-caret";
import { Placeholder } from "@tiptap/extensions";
import { ReactNodeViewRenderer } from "@tiptap/react";
import type { WebsocketProvider } from "y-websocket";
import type * as Y from "yjs";
import { FactorView } from "./FactorView";
import { FollowUpView } from "./FollowUpView";
import { mentionSuggestion, type MentionMenu } from "./mentions";
import { Factor, FIELD, FollowUp, PersonMention, schemaExtensions, TimelineEvent } from "./schema";
import { TimelineEventView } from "./TimelineEventView";

export interface CaretUser {
  id: number;
  name: string;
  color: string;
}

export function editorExtensions({ doc, provider, user, menu }: { doc: Y.Doc; provider: WebsocketProvider; user: CaretUser; menu: MentionMenu }) {
  return [
    ...schemaExtensions({
      factor: Factor.extend({ addNodeView: () => ReactNodeViewRenderer(FactorView) }),
      timelineEvent: TimelineEvent.extend({ addNodeView: () => ReactNodeViewRenderer(TimelineEventView) }),
      followUp: FollowUp.extend({ addNodeView: () => ReactNodeViewRenderer(FollowUpView) }),
      mention: PersonMention.configure({ suggestion: mentionSuggestion(menu) }),
    }),
    Placeholder.configure({
      // Only the template's paragraphs say something; other empty paragraphs stay blank.
      placeholder: ({ node }) => (node.type.name === "paragraph" && typeof node.attrs.help === "string" ? node.attrs.help : ""),
      showOnlyCurrent: false,
    }),
    Collaboration.configure({ document: doc, field: FIELD }),
    // The awareness state the contract names: { user: { name, color, id } }.
    CollaborationCaret.configure({ provider, user }),
  ];
}

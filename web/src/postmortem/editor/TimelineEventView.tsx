import { NodeViewContent, NodeViewWrapper, type ReactNodeViewProps } from "@tiptap/react";
import { Time } from "../../Time";

/** A quoted timeline event: when (in the reader's zone) and who, above the quoted words. */
export function TimelineEventView({ node }: ReactNodeViewProps) {
  const { at, author, eventId } = node.attrs as { at: string; author: string; eventId: number | null };
  const valid = typeof at === "string" && !Number.isNaN(Date.parse(at));
  return (
    <NodeViewWrapper as="blockquote" className="timeline-event" data-type="timeline-event" data-event-id={eventId ?? undefined}>
      <p className="timeline-event-meta" contentEditable={false}>
        {valid ? <Time at={at} withDate /> : <span>{String(at ?? "")}</span>}
        {author && <span> · {author}</span>}
      </p>
      <NodeViewContent className="timeline-event-text" />
    </NodeViewWrapper>
  );
}

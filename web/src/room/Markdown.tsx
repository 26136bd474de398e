import { memo, useMemo } from "react";
import { renderMarkdown, type Mentions } from "../markdown";

/** Markdown rendered once per text (and per directory), sanitized by renderMarkdown. */
export const Markdown = memo(function Markdown({ source, mentions, className }: { source: string; mentions: Mentions; className?: string }) {
  const html = useMemo(() => renderMarkdown(source, mentions), [source, mentions]);
  return <div className={`markdown ${className ?? ""}`} dangerouslySetInnerHTML={{ __html: html }} />;
});

import { NodeViewContent, NodeViewWrapper, type ReactNodeViewProps } from "@tiptap/react";
import { useId } from "react";
import { useCategories } from "./categories";

/** A contributing factor: its category as a labelled select (a reader sees it disabled), then its
 * sentence, edited in place. */
export function FactorView({ node, updateAttributes, editor }: ReactNodeViewProps) {
  const id = useId();
  const categories = useCategories();
  const current = String(node.attrs.category ?? "other");
  // A key the taxonomy no longer has (or does not have yet) still shows as what it is.
  const known = categories.some((c) => c.key === current);
  return (
    <NodeViewWrapper className="factor" data-type="factor">
      <span className="factor-head" contentEditable={false}>
        <label htmlFor={id}>Contributing factor</label>
        <select id={id} value={current} disabled={!editor.isEditable} onChange={(e) => updateAttributes({ category: e.target.value })}>
          {!known && <option value={current}>{current}</option>}
          {categories.map((c) => (
            <option key={c.key} value={c.key} title={c.description}>
              {c.name}
            </option>
          ))}
        </select>
      </span>
      <NodeViewContent className="factor-sentence" />
    </NodeViewWrapper>
  );
}

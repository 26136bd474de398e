import { useState } from "react";

/** Copies `text`; says so in a status line, or, without a clipboard (plain http), how to copy by hand. */
export function CopyButton({ text, label, onNoClipboard }: { text: string; label: string; onNoClipboard?: () => void }) {
  const [said, setSaid] = useState("");
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setSaid("Copied to the clipboard.");
    } catch {
      onNoClipboard?.();
      setSaid("Select it and press Ctrl+C (⌘C on a Mac) to copy.");
    }
  }
  return (
    <>
      <button type="button" className="small" onClick={copy}>
        {label}
      </button>
      <span role="status" className="muted copy-said">
        {said}
      </span>
    </>
  );
}

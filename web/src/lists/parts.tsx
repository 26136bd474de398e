import { useId } from "react";
// Pieces every incident list shows the same way.
import type { Incident } from "../api/client";
import { Link } from "../Link";
import { tagPath } from "../route";
import "./lists.css";

export function SeverityBadge({ severity }: { severity: string }) {
  return <span className={`sev sev-${severity}`}>{severity}</span>;
}

/** "mitigated" → "Mitigated", for badges and choices. */
export const statusLabel = (status: string) => status.charAt(0).toUpperCase() + status.slice(1);

export function StatusBadge({ status }: { status: Incident["status"] }) {
  return <span className={`list-status list-status-${status}`}>{statusLabel(status)}</span>;
}

/** Each tag links to its tag view. */
export function TagLinks({ tags }: { tags: string[] }) {
  if (tags.length === 0) return null;
  return (
    <ul className="tag-links" aria-label="Tags">
      {tags.map((t) => (
        <li key={t}>
          <Link className="tag" to={tagPath(t)}>
            #{t}
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** A labelled select: `options` are [value, label] pairs after the "any" choice. The label is
 * not wrapped around the select so the control's name is the label alone, not its value too. */
export function Choice({ label, value, any, options, onChange }: { label: string; value: string; any: string; options: [string, string][]; onChange: (value: string) => void }) {
  const id = useId();
  // A value from a shared link that the catalog no longer has still shows as chosen.
  if (value && !options.some(([v]) => v === value)) options = [...options, [value, value]];
  return (
    <div className="choice">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{any}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

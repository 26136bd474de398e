import { useId, useMemo, useState, type KeyboardEvent } from "react";
import type { FieldControl } from "./Field";
import { allTimeZones, searchZones } from "../zones";

/** A searchable time zone choice (the ARIA combobox pattern): type part of a city or region, move
 * with the arrow keys, pick with Enter or a click. The input shows the chosen zone. */
export function ZonePicker({ value, onChange, control }: { value: string; onChange: (zone: string) => void; control: FieldControl }) {
  const id = useId();
  const zones = useMemo(() => allTimeZones(), []);
  const [query, setQuery] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const open = query !== null;
  const matches = open ? searchZones(zones, query, 50) : [];
  const current = Math.min(active, matches.length - 1);

  const pick = (zone: string) => {
    onChange(zone);
    setQuery(null);
    setActive(0);
  };

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!open) {
        setQuery("");
        setActive(Math.max(0, zones.indexOf(value)));
        return;
      }
      const n = matches.length;
      if (n) setActive((current + (e.key === "ArrowDown" ? 1 : n - 1)) % n);
    } else if (e.key === "Enter") {
      if (open) {
        e.preventDefault();
        if (matches[current]) pick(matches[current]);
      }
    } else if (e.key === "Escape" && open) {
      e.preventDefault();
      setQuery(null);
    }
  }

  return (
    <div className="picker">
      <input
        {...control}
        role="combobox"
        aria-expanded={open && matches.length > 0}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={open && matches[current] ? `${id}-${current}` : undefined}
        autoComplete="off"
        spellCheck={false}
        placeholder="Search: a city or region"
        value={open ? query : value}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        onFocus={(e) => e.target.select()}
        onClick={() => {
          if (!open) {
            setQuery("");
            setActive(0);
          }
        }}
        onBlur={() => {
          // A typed zone that exists exactly is taken as is; otherwise the last choice stays.
          const typed = query?.trim();
          if (typed && zones.some((z) => z.toLowerCase() === typed.toLowerCase())) onChange(zones.find((z) => z.toLowerCase() === typed.toLowerCase())!);
          setQuery(null);
        }}
      />
      <ul role="listbox" id={`${id}-list`} aria-label="Time zones" className="picker-list" hidden={!open || matches.length === 0}>
        {matches.map((z, i) => (
          <li key={z} id={`${id}-${i}`} role="option" aria-selected={i === current} onMouseDown={(e) => e.preventDefault()} onClick={() => pick(z)}>
            {z.replaceAll("_", " ")}
            {z === value && <span className="muted"> (chosen)</span>}
          </li>
        ))}
      </ul>
      {open && query.trim() && matches.length === 0 && <p className="muted picker-empty">No time zone matches “{query.trim()}”</p>}
    </div>
  );
}

import { useId, useState, type KeyboardEvent } from "react";
import type { User } from "../api/client";
import { searchPeople } from "./searchPeople";

/** A searchable list of people (the ARIA combobox pattern): type part of a name or email, move
 * with the arrow keys, pick with Enter or a click; Escape closes the list, then gives up. */
export function PersonPicker({ label, people, onPick, onCancel, autoFocus = false }: { label: string; people: User[]; onPick: (user: User) => void; onCancel?: () => void; autoFocus?: boolean }) {
  const id = useId();
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const matches = open ? searchPeople(people, query) : [];
  const current = Math.min(active, matches.length - 1);

  const pick = (user: User) => {
    setQuery("");
    setOpen(false);
    setActive(0);
    onPick(user);
  };

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!open) {
        setOpen(true);
        setActive(0);
        return;
      }
      const n = matches.length;
      if (n) setActive((current + (e.key === "ArrowDown" ? 1 : n - 1)) % n);
    } else if (e.key === "Enter") {
      e.preventDefault();
      if (open && matches[current]) pick(matches[current]);
    } else if (e.key === "Escape") {
      e.preventDefault();
      if (open) setOpen(false);
      else onCancel?.();
    }
  }

  return (
    <div className="picker">
      <input
        role="combobox"
        aria-label={label}
        aria-expanded={open && matches.length > 0}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={open && matches[current] ? `${id}-${matches[current].id}` : undefined}
        autoComplete="off"
        spellCheck={false}
        placeholder="Name or email"
        // It appears because someone asked to pick a person: typing should go straight to it.
        autoFocus={autoFocus}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        onClick={() => setOpen(true)}
        onBlur={() => setOpen(false)}
      />
      <ul role="listbox" id={`${id}-list`} aria-label={label} className="picker-list" hidden={!open || matches.length === 0}>
        {matches.map((p, i) => (
          <li
            key={p.id}
            id={`${id}-${p.id}`}
            role="option"
            aria-selected={i === current}
            // Keeps the focus in the input, so the list does not close before the click lands.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => pick(p)}
          >
            {p.name} <span className="muted">{p.email}</span>
          </li>
        ))}
      </ul>
      {open && query.trim() && matches.length === 0 && <p className="muted picker-empty">Nobody matches “{query.trim()}”</p>}
    </div>
  );
}

import { useId, type ReactNode } from "react";
import type { User } from "../api/client";
import { PersonPicker } from "../components/PersonPicker";
import { toggle } from "./rules";

/** A group of checkboxes, named by its legend, with its error beside it. */
export function CheckGroup<T extends string | number>({ legend, hint, options: known, selected, onChange, error, empty }: { legend: string; hint?: ReactNode; options: { value: T; label: string }[]; selected: readonly T[]; onChange: (next: T[]) => void; error?: string; empty: ReactNode }) {
  const id = useId();
  // Something chosen that no longer exists (a deleted team) stays listed, so it can be unticked.
  const options = [...known, ...selected.filter((v) => !known.some((o) => o.value === v)).map((v) => ({ value: v, label: `Deleted (#${v})` }))];
  const showHint = hint && options.length > 0;
  const described = [showHint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset className="check-group" aria-describedby={described} aria-invalid={error ? true : undefined}>
      <legend>{legend}</legend>
      {options.length ? (
        <ul className="checks">
          {options.map((o) => (
            <li key={String(o.value)}>
              <label>
                <input type="checkbox" checked={selected.includes(o.value)} onChange={(e) => onChange(toggle(selected, o.value, e.target.checked))} />
                {o.label}
              </label>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{empty}</p>
      )}
      {showHint && (
        <div id={`${id}-hint`} className="muted field-hint">
          {hint}
        </div>
      )}
      {error && (
        <p id={`${id}-error`} className="error field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** People chosen with the person picker, each removable. */
export function PeopleChoice({ legend, ids, people, onChange, error }: { legend: string; ids: number[]; people: User[]; onChange: (ids: number[]) => void; error?: string }) {
  const id = useId();
  const byId = new Map(people.map((p) => [p.id, p]));
  return (
    <fieldset aria-describedby={error ? `${id}-error` : undefined} aria-invalid={error ? true : undefined}>
      <legend>{legend}</legend>
      {ids.length > 0 && (
        <ul className="chips">
          {ids.map((uid) => {
            const name = byId.get(uid)?.name ?? `a deleted person (#${uid})`;
            return (
              <li key={uid}>
                <span>{name}</span>
                <button type="button" className="small" aria-label={`Remove ${name} from ${legend.toLowerCase()}`} onClick={() => onChange(ids.filter((x) => x !== uid))}>
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <PersonPicker label={`Add to ${legend.toLowerCase()}`} people={people.filter((p) => p.active && !ids.includes(p.id))} onPick={(u) => onChange([...ids, u.id])} />
      {error && (
        <p id={`${id}-error`} className="error field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/**
 * Team names a rule waits for (the starter rule names Security, Legal and PR before such teams
 * exist). Creating a team of that name turns the name into the team; until then it can be removed.
 */
export function AwaitedTeams({ names, verb, onChange }: { names: string[]; verb: "paged" | "informed"; onChange: (names: string[]) => void }) {
  if (!names.length) return null;
  const legend = `Teams to be ${verb} once they exist`;
  return (
    <fieldset>
      <legend>{legend}</legend>
      <ul className="chips">
        {names.map((n) => (
          <li key={n}>
            <span>{n}</span>
            <button type="button" className="small" aria-label={`Remove ${n}: stop waiting for a team of that name`} onClick={() => onChange(names.filter((x) => x !== n))}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <p className="muted field-hint">Create a team with one of these names on the Teams page and this rule {verb === "paged" ? "pages" : "informs"} it from then on.</p>
    </fieldset>
  );
}

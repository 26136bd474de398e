import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { Field } from "../components/Field";
import { emptyRow, moveRow, NO_ERRORS, placeErrors, rowsWithErrors, toRows, type ListErrors, type Row } from "./orderedList";

export interface ListField<F extends string> {
  name: F;
  label: string;
  hint?: string;
  multiline?: boolean;
  maxLength: number;
  /** Applied as it is typed (keys are lowercase). */
  normalize?: (value: string) => string;
}

type Focus = { uid: number; what: string } | { uid: null; what: "add" };

/** An ordered list of items edited in place and saved as a whole: each item's fields, Move up,
 * Move down and Remove, then Add. The server's field errors (`sections[1].key`) land beside the
 * field they name, and stay with the item if it is moved. The keyboard follows what it moved;
 * after a removal it goes to the next item (or Add). */
export function OrderedListEditor<F extends string>({
  label,
  itemName,
  listField,
  fields,
  initial,
  saveLabel,
  intro,
  onSave,
  savedMessage,
}: {
  /** The form's name ("Template for Security incidents"). */
  label: string;
  /** "section", "category": in buttons and legends. */
  itemName: string;
  /** The request's list field, as the server names errors (`sections`). */
  listField: string;
  fields: readonly ListField<F>[];
  initial: readonly Record<F, string>[];
  saveLabel: string;
  intro?: ReactNode;
  /** Sends the list; a thrown error is the server's refusal. */
  onSave: (items: Record<F, string>[]) => Promise<unknown>;
  savedMessage: string;
}) {
  const names = fields.map((f) => f.name);
  const [rows, setRows] = useState<Row<F>[]>(() => toRows(initial, names));
  const [errors, setErrors] = useState<ListErrors>(NO_ERRORS);
  const [status, setStatus] = useState("");
  const [sending, setSending] = useState(false);
  const controls = useRef(new Map<string, HTMLElement>());
  const focus = useRef<Focus | null>(null);
  const at = useCallback(
    (uid: number | null, what: string) => (el: HTMLElement | null) => {
      const key = `${uid}:${what}`;
      if (el) controls.current.set(key, el);
      else controls.current.delete(key);
    },
    [],
  );
  useEffect(() => {
    const want = focus.current;
    if (!want) return;
    focus.current = null;
    const find = (what: string) => controls.current.get(`${want.uid}:${what}`);
    let el = find(want.what);
    // At either end the button pressed is disabled: the other one of the pair takes the keyboard.
    if (el instanceof HTMLButtonElement && el.disabled) el = find(want.what === "up" ? "down" : "up");
    el?.focus();
  });

  const label1 = (row: Row<F>, i: number) => {
    const name = row[names[1] ?? names[0]]?.trim() || row[names[0]]?.trim();
    return `${itemName.charAt(0).toUpperCase()}${itemName.slice(1)} ${i + 1}${name ? `: ${name}` : ""}`;
  };
  const set = (uid: number, change: Partial<Record<F, string>>) => setRows((all) => all.map((r) => (r.uid === uid ? { ...r, ...change } : r)));
  const move = (i: number, delta: -1 | 1) => {
    focus.current = { uid: rows[i].uid, what: delta < 0 ? "up" : "down" };
    setRows((all) => moveRow(all, i, delta));
  };
  const remove = (i: number) => {
    const after = rows[i + 1] ?? rows[i - 1];
    focus.current = after ? { uid: after.uid, what: names[0] } : { uid: null, what: "add" };
    setRows((all) => all.filter((_, j) => j !== i));
  };
  const add = () => {
    const row = emptyRow(names);
    focus.current = { uid: row.uid, what: names[0] };
    setRows((all) => [...all, row]);
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setStatus("");
    setSending(true);
    // Sent as they will be kept: trimmed (the rows show that too once saved).
    const sent = rows.map((r) => ({ ...r, ...(Object.fromEntries(names.map((f) => [f, r[f].trim()])) as Record<F, string>) }));
    try {
      await onSave(sent.map((r) => Object.fromEntries(names.map((f): [F, string] => [f, r[f]])) as Record<F, string>));
      setRows(sent);
      setErrors(NO_ERRORS);
      setStatus(savedMessage);
    } catch (error) {
      setErrors(placeErrors(error, listField, sent, names));
    } finally {
      setSending(false);
    }
  }

  const bad = rowsWithErrors(errors);
  const summary = [errors.message, errors.list, bad ? `Check ${bad === 1 ? `the ${itemName} marked below` : `the ${bad} ${itemName === "category" ? "categories" : `${itemName}s`} marked below`}.` : null].filter(Boolean).join(" ");
  return (
    <form className="ordered-list-editor" aria-label={label} onSubmit={submit} noValidate>
      {intro}
      {summary && (
        <p role="alert" className="error">
          {summary}
        </p>
      )}
      <ol className="ordered-rows">
        {rows.map((row, i) => {
          const mine = errors.rows[row.uid] ?? {};
          const name = label1(row, i);
          return (
            <li key={row.uid}>
              <fieldset className={Object.keys(mine).length ? "has-error" : undefined}>
                <legend>{name}</legend>
                <div className="form-grid">
                  {fields.map((f) => (
                    <Field key={f.name} label={f.label} hint={f.hint} error={mine[f.name]} className={f.multiline ? "wide" : undefined}>
                      {(c) =>
                        f.multiline ? (
                          <textarea {...c} ref={at(row.uid, f.name)} rows={2} maxLength={f.maxLength} value={row[f.name]} onChange={(e) => set(row.uid, { [f.name]: f.normalize ? f.normalize(e.target.value) : e.target.value } as Partial<Record<F, string>>)} />
                        ) : (
                          <input {...c} ref={at(row.uid, f.name)} autoComplete="off" spellCheck={false} maxLength={f.maxLength} value={row[f.name]} onChange={(e) => set(row.uid, { [f.name]: f.normalize ? f.normalize(e.target.value) : e.target.value } as Partial<Record<F, string>>)} />
                        )
                      }
                    </Field>
                  ))}
                </div>
                <div className="actions">
                  <button type="button" className="small" ref={at(row.uid, "up")} disabled={i === 0} aria-label={`Move up: ${name}`} onClick={() => move(i, -1)}>
                    Move up
                  </button>
                  <button type="button" className="small" ref={at(row.uid, "down")} disabled={i === rows.length - 1} aria-label={`Move down: ${name}`} onClick={() => move(i, 1)}>
                    Move down
                  </button>
                  <button type="button" className="small danger" aria-label={`Remove ${name}`} onClick={() => remove(i)}>
                    Remove
                  </button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      {rows.length === 0 && <p className="muted">Nothing in the list: add at least one {itemName}.</p>}
      <div className="actions">
        <button type="button" ref={at(null, "add")} onClick={add}>
          Add a {itemName}
        </button>
        <button type="submit" disabled={sending}>
          {saveLabel}
        </button>
      </div>
      <p role="status" className="muted">
        {status}
      </p>
    </form>
  );
}

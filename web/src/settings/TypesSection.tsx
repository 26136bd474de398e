import { useState } from "react";
import type { IncidentType } from "../api/client";
import { useApp } from "../context";
import { useSaveIncidentType } from "./api/catalog";
import { checkType, TYPE_LABELS, typeBody, typeForm, type TypeForm } from "./catalog";
import { CatalogEntryEditor, type CatalogOutcome } from "./CatalogEntryEditor";
import { splitProblem } from "../components/forms";
import { useReturnFocus } from "../components/useReturnFocus";

const FIELDS = Object.keys(TYPE_LABELS);
const EMPTY: TypeForm = { key: "", name: "", description: "", default_private: false };

/** The kinds of incident a declarer picks from, and which of them start private. */
export function TypesSection() {
  const { types } = useApp();
  const saveType = useSaveIncidentType();
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [status, setStatus] = useState("");
  const { opener, closed } = useReturnFocus();
  const list = types;

  async function save(form: TypeForm, isNew: boolean): Promise<CatalogOutcome> {
    const key = form.key.trim();
    try {
      await saveType.mutateAsync({ key, body: typeBody(form) });
    } catch (error) {
      return splitProblem(error, FIELDS);
    }
    const name = form.name.trim();
    setStatus(isNew ? `${name} is added; it is offered when declaring an incident.` : `${name} is saved.`);
    return null;
  }

  const stopEditing = (key: string) => {
    setEditing(null);
    closed(key);
  };

  return (
    <section aria-labelledby="types-heading">
      <h2 id="types-heading">Incident types</h2>
      <p className="muted">
        What kind of incident it is. Types marked <strong>starts private</strong> make new incidents visible only to the people working on them and to admins, unless the declarer says
        otherwise.
      </p>
      <p role="status" className="muted">
        {status}
      </p>
      <table className="cards">
        <caption className="visually-hidden">Incident types</caption>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Name</th>
            <th scope="col">When to pick it</th>
            <th scope="col">New incidents</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.map((t) =>
            editing === t.key ? (
              <tr key={t.key} className="editing">
                <td colSpan={5}>
                  <TypeEditor
                    initial={typeForm(t)}
                    existing={list}
                    onSave={async (form) => {
                      const outcome = await save(form, false);
                      if (!outcome) stopEditing(t.key);
                      return outcome;
                    }}
                    onCancel={() => stopEditing(t.key)}
                  />
                </td>
              </tr>
            ) : (
              <tr key={t.key}>
                <td data-label="Key">
                  <code>{t.key}</code>
                </td>
                <td data-label="Name">{t.name}</td>
                <td data-label="When to pick it" className="wrap">
                  {t.description}
                </td>
                <td data-label="New incidents">{t.default_private ? <span className="private">Start private</span> : <span className="muted">Start public</span>}</td>
                <td className="row-actions">
                  <button type="button" ref={opener(t.key)} aria-label={`Edit ${t.name}`} onClick={() => setEditing(t.key)}>
                    Edit
                  </button>
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
      {adding ? (
        <TypeEditor
          initial={EMPTY}
          existing={list}
          adding
          onSave={async (form) => {
            const outcome = await save(form, true);
            if (!outcome) {
              setAdding(false);
              closed("+add");
            }
            return outcome;
          }}
          onCancel={() => {
            setAdding(false);
            closed("+add");
          }}
        />
      ) : (
        <button type="button" ref={opener("+add")} onClick={() => setAdding(true)}>
          Add an incident type
        </button>
      )}
    </section>
  );
}

function TypeEditor({ initial, existing, adding = false, onSave, onCancel }: { initial: TypeForm; existing: readonly IncidentType[]; adding?: boolean; onSave: (form: TypeForm) => Promise<CatalogOutcome>; onCancel: () => void }) {
  return (
    <CatalogEntryEditor
      title={adding ? "Add an incident type" : `Edit ${initial.name}`}
      submitLabel={adding ? "Add type" : "Save"}
      initial={initial}
      labels={TYPE_LABELS}
      adding={adding}
      check={(form) => checkType(form, existing, adding)}
      keyHint="Lowercase letters, digits, '-' or '_', like data-loss. It cannot be changed later."
      keyMaxLength={40}
      normalizeKey={(key) => key.toLowerCase()}
      nameHint="A word or two, such as Security."
      descriptionHint="One line a newcomer understands, such as “Someone may have got in”."
      afterGrid={(form, set) => (
        <label className="inline">
          <input type="checkbox" checked={form.default_private} onChange={(e) => set({ default_private: e.target.checked })} />
          New incidents of this type start private
        </label>
      )}
      onSave={onSave}
      onCancel={onCancel}
    />
  );
}

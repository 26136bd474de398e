import { useId, useState } from "react";
import { useFactorCategories } from "../api/postmortems";
import { QueryState } from "../components/QueryState";
import { useApp } from "../context";
import { DistributionSettings } from "./DistributionSettings";
import { usePostmortemTemplate, useSaveFactorCategories, useSavePostmortemTemplate } from "./api/postmortems";
import { OrderedListEditor, type ListField } from "./OrderedListEditor";

const lowerKey = (value: string) => value.toLowerCase().replace(/\s/g, "_");

const SECTION_FIELDS: readonly ListField<"key" | "title" | "help">[] = [
  { name: "key", label: "Key", hint: "Lowercase letters, digits and _.", maxLength: 40, normalize: lowerKey },
  { name: "title", label: "Heading", maxLength: 120 },
  { name: "help", label: "Help shown while it is empty", multiline: true, maxLength: 1000 },
];

const CATEGORY_FIELDS: readonly ListField<"key" | "name" | "description">[] = [
  { name: "key", label: "Key", hint: "Lowercase letters, digits and -.", maxLength: 40, normalize: (v) => v.toLowerCase().replace(/\s/g, "-") },
  { name: "name", label: "Name", maxLength: 60 },
  { name: "description", label: "When to pick it", multiline: true, maxLength: 1000 },
];

/** Postmortems: the template each incident type's postmortem opens with, the categories
 * contributing factors are classified by, and who a published postmortem is sent to. */
export function PostmortemsSection() {
  return (
    <section aria-labelledby="postmortems-heading">
      <h2 id="postmortems-heading">Postmortems</h2>
      <p className="muted">
        What a new postmortem starts with, per incident type, how its contributing factors are classified, and who it is sent to once published. When a postmortem opens by
        itself is set per severity (Severities, “Postmortem opens”).
      </p>
      <TemplateSettings />
      <FactorSettings />
      <DistributionSettings />
    </section>
  );
}

function TemplateSettings() {
  const { types } = useApp();
  const id = useId();
  const [type, setType] = useState(types[0]?.key ?? "");
  const template = usePostmortemTemplate(type);
  const save = useSavePostmortemTemplate(type);
  const typeName = types.find((t) => t.key === type)?.name ?? type;
  return (
    <div className="panel pm-settings">
      <h3>Templates</h3>
      <p className="muted">
        The sections a new postmortem of the type starts with, in order, each with the help shown while it is empty. Keys such as <code>what_went_wrong</code> name the sections for
        exports; the <code>timeline</code> section is filled from the incident's pinned events and key moments.
      </p>
      <div className="field">
        <label htmlFor={id}>Incident type</label>
        <select id={id} value={type} onChange={(e) => setType(e.target.value)}>
          {types.map((t) => (
            <option key={t.key} value={t.key}>
              {t.name}
            </option>
          ))}
        </select>
      </div>
      {type && (
        <QueryState query={template} what={`The template for ${typeName}`}>
          {(t) => (
            <OrderedListEditor
              // Another type starts the form again from what the server holds; a refetch does not
              // (it would throw away what is being typed).
              key={type}
              label={`Template for ${typeName} incidents`}
              itemName="section"
              listField="sections"
              fields={SECTION_FIELDS}
              initial={t.sections}
              saveLabel="Save template"
              savedMessage={`The template for ${typeName} is saved. New postmortems use it; open ones keep theirs.`}
              intro={
                <p className="pm-template-origin">
                  {t.customized ? (
                    <>
                      <strong>Customized</strong> for {typeName}.
                    </>
                  ) : (
                    <>
                      <strong>Default template</strong>: {typeName} has not been customized.
                    </>
                  )}
                </p>
              }
              onSave={(sections) => save.mutateAsync(sections)}
            />
          )}
        </QueryState>
      )}
    </div>
  );
}

function FactorSettings() {
  const categories = useFactorCategories();
  const save = useSaveFactorCategories();
  return (
    <div className="panel pm-settings">
      <h3>Contributing-factor categories</h3>
      <p className="muted">
        Offered, in this order, beside each contributing factor in the editor. Keys such as <code>capacity</code> are what documents hold: removing a category leaves the factors that use
        it showing its key.
      </p>
      <QueryState query={categories} what="The categories">
        {(list) => (
          <OrderedListEditor
            label="Contributing-factor categories"
            itemName="category"
            listField="categories"
            fields={CATEGORY_FIELDS}
            initial={list}
            saveLabel="Save categories"
            savedMessage="The categories are saved; editors offer them now."
            onSave={(all) => save.mutateAsync(all)}
          />
        )}
      </QueryState>
    </div>
  );
}

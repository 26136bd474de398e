import { useState, type FormEvent } from "react";
import { describeProblem } from "./api/client";
import { useDeclareIncident } from "./api/incidents";
import { useServices } from "./api/lists";
import { QueryError } from "./components/QueryState";
import { useApp } from "./context";
import { parseTagList, titleTags } from "./incidents";

/** Title and severity are all it takes; each severity says when to pick it, in plain words.
 * Type, summary, tags and privacy are there for whoever knows more. The form has its own page,
 * /declare, and other tools can link to it filled in: `?title=`, `severity=`, `type=`,
 * `summary=` and `tags=` (unknown severities and types are ignored). */
export function Declare({ prefill, onDeclared, onCancel }: { prefill?: URLSearchParams; onDeclared: (reference: string) => void; onCancel: () => void }) {
  const { severities, types } = useApp();
  const given = (key: string) => prefill?.get(key) ?? "";
  const [title, setTitle] = useState(() => given("title").slice(0, 200));
  // Keys as a link spells them ("sev2" for SEV2); anything not configured is left to choose.
  const known = (keys: string[], key: string) => keys.find((k) => k.toLowerCase() === key.toLowerCase()) ?? "";
  const [severity, setSeverity] = useState(() => known(severities.map((s) => s.key), given("severity")));
  const [type, setType] = useState(() => known(types.map((t) => t.key), given("type")));
  const [summary, setSummary] = useState(() => given("summary"));
  const [tags, setTags] = useState(() => given("tags"));
  const fromTitle = titleTags(title);
  const servicesQuery = useServices();
  const services = servicesQuery.data ?? [];
  const declare = useDeclareIncident();
  const [affected, setAffected] = useState<number[]>([]);
  // Undefined until the declarer touches it: the type's default then applies.
  const [privateChoice, setPrivateChoice] = useState<boolean | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const chosenType = types.find((t) => t.key === type);
  const isPrivate = privateChoice ?? chosenType?.default_private ?? false;

  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      const allTags = [...new Set([...parseTagList(tags), ...fromTitle.tags])];
      const incident = await declare.mutateAsync({
        title: fromTitle.title,
        severity,
        ...(type ? { type } : {}),
        ...(summary.trim() ? { summary } : {}),
        ...(allTags.length ? { tags: allTags } : {}),
        ...(privateChoice !== undefined ? { private: privateChoice } : {}),
        ...(affected.length ? { services: affected } : {}),
      });
      onDeclared(incident.reference);
    } catch (e) {
      setError(describeProblem(e));
    }
  }

  return (
    <form onSubmit={submit} aria-label="Declare an incident" className="panel declare-form" onKeyDown={(e) => e.key === "Escape" && onCancel()}>
      <h2>Declare an incident</h2>
      <label>
        What is wrong? <span className="muted">(for example: Checkout fails for card payments)</span>
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} required autoFocus aria-describedby={fromTitle.tags.length ? "title-tags" : undefined} />
      </label>
      {fromTitle.tags.length > 0 && (
        <p id="title-tags" className="muted hint">
          Tags from the title: {fromTitle.tags.map((t) => `#${t}`).join(" ")}
          {fromTitle.title !== title.trim() && ` · the title will read “${fromTitle.title}”`}
        </p>
      )}
      <fieldset className="severity-choice" aria-describedby="severity-hint">
        <legend>How bad is it?</legend>
        <p id="severity-hint" className="muted hint">
          When in doubt, pick the worse one: you can lower it later.
        </p>
        {severities.map((s) => (
          <label key={s.key} className="choice">
            <input type="radio" name="severity" value={s.key} checked={severity === s.key} onChange={() => setSeverity(s.key)} required />
            <span>
              <span className={`sev sev-${s.key}`}>{s.key}</span> <strong>{s.name}</strong>
              <span className="description">{s.description}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <label>
        What kind of incident?
        <select value={type} onChange={(e) => setType(e.target.value)}>
          <option value="">Not sure (other)</option>
          {types.map((t) => (
            <option key={t.key} value={t.key}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      {chosenType && <p className="muted hint">{chosenType.description}</p>}
      <label className="inline">
        <input type="checkbox" checked={isPrivate} onChange={(e) => setPrivateChoice(e.target.checked)} />
        Private: only the people working on it and admins can see it
      </label>
      <label>
        What do you know so far? <span className="muted">(optional, markdown)</span>
        <textarea value={summary} onChange={(e) => setSummary(e.target.value)} rows={3} maxLength={20000} />
      </label>
      <label>
        Tags <span className="muted">(optional, such as #payments #eu)</span>
        <input value={tags} onChange={(e) => setTags(e.target.value)} />
      </label>
      {servicesQuery.error != null && !servicesQuery.isFetching && <QueryError error={servicesQuery.error} what="The services" retry={servicesQuery.refetch} />}
      {services.length > 0 && (
        <fieldset className="services-choice">
          <legend>
            Affected services <span className="muted">(optional)</span>
          </legend>
          {services.map((s) => (
            <label key={s.id} className="inline">
              <input
                type="checkbox"
                checked={affected.includes(s.id)}
                onChange={(e) => setAffected((now) => (e.target.checked ? [...now, s.id] : now.filter((id) => id !== s.id)))}
              />
              {s.name}
            </label>
          ))}
        </fieldset>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" className="declare" disabled={declare.isPending}>
        Declare
      </button>{" "}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

import { useState, type FormEvent } from "react";
import { describeProblem } from "../api/client";
import type { components } from "../api/schema";
import { useApp } from "../context";
import { usePreviewResponse } from "./api/responseRules";
import { Field } from "../components/Field";
import { joinAnd } from "./escalation";
import type { ResponseCatalog } from "./escalationCatalog";
import { CheckGroup } from "./RulesChoices";
import { parseTags, teamsWords } from "./rules";

type Preview = components["schemas"]["PreviewDto"];

/** "What would happen if I declared this?" */
export function RulesPreviewPanel({ catalog, severities }: { catalog: ResponseCatalog; severities: components["schemas"]["Severity"][] }) {
  const { types } = useApp();
  const ordered = [...severities].sort((a, b) => a.rank - b.rank);
  const [type, setType] = useState("");
  const [severity, setSeverity] = useState("");
  const [tags, setTags] = useState("");
  const [services, setServices] = useState<number[]>([]);
  const [result, setResult] = useState<{ preview: Preview; asked: string } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const preview = usePreviewResponse();
  const typeValue = type || (types.find((t) => t.key === "other") ?? types[0])?.key || "";
  const severityValue = severity || ordered[0]?.key || "";

  async function ask(e: FormEvent) {
    e.preventDefault();
    let data;
    try {
      data = await preview.mutateAsync({ type: typeValue || null, severity: severityValue, tags: parseTags(tags), services });
    } catch (error) {
      setResult(null);
      setMessage(describeProblem(error));
      return;
    }
    setMessage(null);
    const typeName = types.find((t) => t.key === typeValue)?.name ?? typeValue;
    setResult({ preview: data, asked: `a ${typeName} incident at ${severityValue}` });
  }

  const named = (xs: { name?: string | null; id: number }[]) => xs.map((x) => x.name ?? `#${x.id} (deleted)`);
  return (
    <section className="panel preview" aria-labelledby="preview-heading">
      <h3 id="preview-heading">Preview: what would happen if I declared this?</h3>
      <form onSubmit={ask} aria-label="Preview a declaration" noValidate>
        {message && (
          <p role="alert" className="error">
            {message}
          </p>
        )}
        <div className="form-grid">
          <Field label="Type">
            {(c) => (
              <select {...c} value={typeValue} onChange={(e) => setType(e.target.value)}>
                {types.map((t) => (
                  <option key={t.key} value={t.key}>
                    {t.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Severity">
            {(c) => (
              <select {...c} value={severityValue} onChange={(e) => setSeverity(e.target.value)}>
                {ordered.map((s) => (
                  <option key={s.key} value={s.key}>
                    {s.key} ({s.name})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Tags" hint="Separated by spaces or commas." className="wide">
            {(c) => <input {...c} value={tags} autoComplete="off" onChange={(e) => setTags(e.target.value)} />}
          </Field>
        </div>
        {catalog.services.length > 0 && (
          <CheckGroup legend="Services" options={catalog.services.map((s) => ({ value: s.id, label: s.name }))} selected={services} onChange={setServices} empty="" />
        )}
        <button type="submit">Preview</button>
      </form>
      <div aria-live="polite">
        {result && (
          <div className="preview-result">
            <h4>Declaring {result.asked} would:</h4>
            <dl>
              <dt>Rules that match</dt>
              <dd>{result.preview.matched_rules.length ? joinAnd(named(result.preview.matched_rules)) : "None"}</dd>
              <dt>Page</dt>
              <dd>{result.preview.page_teams.length ? teamsWords(named(result.preview.page_teams)) : "No team"}</dd>
              <dt>Add as responders</dt>
              <dd>{result.preview.responders.length ? joinAnd(named(result.preview.responders)) : "Nobody"}</dd>
              <dt>Inform</dt>
              <dd>
                {result.preview.inform_teams.length || result.preview.inform_users.length
                  ? joinAnd([...(result.preview.inform_teams.length ? [teamsWords(named(result.preview.inform_teams))] : []), ...named(result.preview.inform_users)])
                  : "Nobody"}
              </dd>
              {result.preview.awaiting_teams.length > 0 && (
                <>
                  <dt>Not yet</dt>
                  <dd>
                    {teamsWords(result.preview.awaiting_teams)}: matching rules name {result.preview.awaiting_teams.length === 1 ? "this team" : "these teams"}, which {result.preview.awaiting_teams.length === 1 ? "does" : "do"} not exist yet
                  </dd>
                </>
              )}
              <dt>Urgency</dt>
              <dd>{result.preview.urgency === "low" ? "Low: notifications wait for working hours" : "High: people are woken now"}</dd>
              <dt>Visibility</dt>
              <dd>{result.preview.private ? <span className="private">Private: only the people working on it and admins see it</span> : "Public: everyone can see it"}</dd>
              <dt>Incident manager</dt>
              <dd>{result.preview.incident_manager_schedule ? `Whoever is on call in ${named([result.preview.incident_manager_schedule])[0]}, paged` : "None assigned automatically"}</dd>
            </dl>
          </div>
        )}
      </div>
    </section>
  );
}

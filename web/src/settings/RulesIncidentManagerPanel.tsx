import { useEffect, useState, type FormEvent } from "react";
import { api, describeProblem } from "../api/client";
import type { components } from "../api/schema";
import { useApp } from "../context";
import { ConfirmButton } from "../components/Confirm";
import { Field } from "../components/Field";
import { errorSummary, splitProblem, type FieldErrors } from "../components/forms";
import type { ResponseCatalog } from "./escalationCatalog";

type IncidentManager = components["schemas"]["IncidentManagerDto"];

/** The incident manager on call: which schedule, from which severity up. */
export function RulesIncidentManagerPanel({ catalog }: { catalog: ResponseCatalog }) {
  const { severities } = useApp();
  const [setting, setSetting] = useState<IncidentManager | null | undefined>(undefined);
  const [schedule, setSchedule] = useState("");
  const [severity, setSeverity] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const ordered = [...severities].sort((a, b) => a.rank - b.rank);

  useEffect(() => {
    api.GET("/api/v1/settings/incident-manager").then(({ data }) => {
      setSetting(data ?? null);
      if (data) {
        setSchedule(String(data.schedule_id));
        setSeverity(data.min_severity);
      }
    });
  }, []);
  const severityDefault = severity || ordered[Math.min(1, ordered.length - 1)]?.key || "";
  const scheduleName = (id: number) => catalog.schedules.find((s) => s.id === id)?.name ?? `schedule #${id}`;

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!schedule) {
      setErrors({ schedule_id: "Choose the schedule of incident managers." });
      setMessage("Check this field: Schedule.");
      return;
    }
    const body = { schedule_id: Number(schedule), min_severity: severityDefault };
    const { data, error } = await api.PUT("/api/v1/settings/incident-manager", { body });
    if (!data) {
      const out = splitProblem(error, ["schedule_id", "min_severity"]);
      setErrors(out.fields);
      setMessage([out.message, errorSummary(out.fields, { schedule_id: "Schedule", min_severity: "From severity" })].filter(Boolean).join(" "));
      return;
    }
    setErrors({});
    setMessage(null);
    setSetting(data);
    setStatus(`Saved: incidents at ${data.min_severity} or worse get whoever is on call in ${scheduleName(data.schedule_id)} as incident manager.`);
  }

  async function stop() {
    const { response, error } = await api.DELETE("/api/v1/settings/incident-manager");
    if (response.ok) {
      setSetting(null);
      setSchedule("");
      setStatus("Goldseam no longer assigns an incident manager by itself.");
    } else setMessage(describeProblem(error));
  }

  return (
    <div className="panel imoc">
      <h3 id="imoc-heading">Incident manager on call</h3>
      {setting === undefined ? (
        <p className="muted">Loading…</p>
      ) : setting ? (
        <p>
          Incidents at <strong>{setting.min_severity}</strong> or worse get whoever is on call in <strong>{scheduleName(setting.schedule_id)}</strong> as their incident manager, and
          that person is paged.
        </p>
      ) : (
        <p>No incident manager is assigned automatically. Choose the schedule of incident managers and the severity from which they take incidents.</p>
      )}
      <p role="status" className="muted">
        {status}
      </p>
      {catalog.loaded && !catalog.schedules.length ? (
        <p className="empty-state">There are no schedules yet: add the incident managers' rotation on the On-call page first.</p>
      ) : (
        <form onSubmit={save} aria-labelledby="imoc-heading" noValidate>
          {message && (
            <p role="alert" className="error">
              {message}
            </p>
          )}
          <div className="form-row">
            <Field label="Schedule" error={errors.schedule_id} className="grow">
              {(c) => (
                <select {...c} value={schedule} onChange={(e) => setSchedule(e.target.value)}>
                  <option value="">Choose a schedule…</option>
                  {catalog.schedules.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="From severity" error={errors.min_severity} className="grow">
              {(c) => (
                <select {...c} value={severityDefault} onChange={(e) => setSeverity(e.target.value)}>
                  {ordered.map((s) => (
                    <option key={s.key} value={s.key}>
                      {s.key} ({s.name}) or worse
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <div className="actions">
            <button type="submit">{setting ? "Save incident manager" : "Assign an incident manager"}</button>
            {setting && (
              <ConfirmButton
                label="Stop assigning"
                aria-label="Stop assigning an incident manager"
                question="Stop assigning an incident manager on call? New incidents then have none until someone takes the role."
                confirmLabel="Stop assigning"
                onConfirm={stop}
              />
            )}
          </div>
        </form>
      )}
    </div>
  );
}

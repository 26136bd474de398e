import { useState, type FormEvent } from "react";
import { describeProblem } from "../api/client";
import { QueryError } from "../components/QueryState";
import { useApp } from "../context";
import { useClearIncidentManager, useIncidentManagerSetting, useSaveIncidentManager } from "./api/responseRules";
import { ConfirmButton } from "../components/Confirm";
import { Field } from "../components/Field";
import { errorSummary, splitProblem, type FieldErrors } from "../components/forms";
import type { ResponseCatalog } from "./escalationCatalog";

/** The incident manager on call: which schedule, from which severity up. */
export function RulesIncidentManagerPanel({ catalog }: { catalog: ResponseCatalog }) {
  const { severities } = useApp();
  const query = useIncidentManagerSetting();
  const setting = query.data;
  const saveSetting = useSaveIncidentManager();
  const clearSetting = useClearIncidentManager();
  const [schedule, setSchedule] = useState("");
  const [severity, setSeverity] = useState("");
  // The form starts from the setting once it arrives (and again whenever it changes).
  const [shown, setShown] = useState<typeof setting>(undefined);
  if (setting !== shown) {
    setShown(setting);
    if (setting) {
      setSchedule(String(setting.schedule_id));
      setSeverity(setting.min_severity);
    }
  }
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const ordered = [...severities].sort((a, b) => a.rank - b.rank);

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
    let data;
    try {
      data = await saveSetting.mutateAsync(body);
    } catch (error) {
      const out = splitProblem(error, ["schedule_id", "min_severity"]);
      setErrors(out.fields);
      setMessage([out.message, errorSummary(out.fields, { schedule_id: "Schedule", min_severity: "From severity" })].filter(Boolean).join(" "));
      return;
    }
    setErrors({});
    setMessage(null);
    setStatus(`Saved: incidents at ${data.min_severity} or worse get whoever is on call in ${scheduleName(data.schedule_id)} as incident manager.`);
  }

  async function stop() {
    try {
      await clearSetting.mutateAsync();
      setSchedule("");
      setStatus("Goldseam no longer assigns an incident manager by itself.");
    } catch (error) {
      setMessage(describeProblem(error));
    }
  }

  return (
    <div className="panel imoc">
      <h3 id="imoc-heading">Incident manager on call</h3>
      {setting === undefined ? (
        query.error != null && !query.isFetching ? (
          <QueryError error={query.error} what="The incident manager setting" retry={query.refetch} />
        ) : (
          <p className="muted">Loading…</p>
        )
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

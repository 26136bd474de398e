import "./profile.css";
import { useMemo, useState, type FormEvent } from "react";
import { Field } from "../components/Field";
import { splitProblem } from "../components/forms";
import { QueryState } from "../components/QueryState";
import { useProfile, useSaveProfile } from "./api/profile";
import { ProfileCalendarFeed } from "./ProfileCalendarFeed";
import { ProfileWorkingHoursForm } from "./ProfileWorkingHoursForm";
import { browserZone, filterZones, supportedZones, timeIn, zoneList } from "./profile";

/** Your time zone, working hours and calendar feed. */
export function ProfileSection() {
  const profile = useProfile();

  return (
    <section aria-labelledby="profile-heading" className="profile">
      <h2 id="profile-heading">Profile</h2>
      <p className="muted">Your time zone and working hours help others page you at sensible times and show your on-call shifts in your own time.</p>
      <QueryState query={profile} what="Your profile">
        {(profile) => (
          <>
            <TimeZoneForm zone={profile.time_zone ?? null} />
            <ProfileWorkingHoursForm profile={profile} />
          </>
        )}
      </QueryState>
      <ProfileCalendarFeed />
    </section>
  );
}

function TimeZoneForm({ zone }: { zone: string | null }) {
  const here = useMemo(() => browserZone(), []);
  const zones = useMemo(() => zoneList(supportedZones(), zone, here), [zone, here]);
  const [chosen, setChosen] = useState(zone ?? "");
  const [query, setQuery] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const save = useSaveProfile();
  const shown = filterZones(zones, query, chosen || null);
  const now = chosen ? timeIn(chosen) : null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setStatus("");
    try {
      const data = await save.mutateAsync({ time_zone: chosen || null });
      setFieldError(null);
      setError(null);
      setStatus(data.time_zone ? `Your time zone is ${data.time_zone}.` : "Your time zone is cleared.");
    } catch (error) {
      const split = splitProblem(error, ["time_zone"]);
      setFieldError(split.fields.time_zone ?? null);
      setError(split.message ?? "Check this field: Time zone.");
    }
  }

  return (
    <form onSubmit={submit} aria-labelledby="tz-heading" className="panel settings-form" noValidate>
      <h3 id="tz-heading">Time zone</h3>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="form-grid">
        <Field label="Find a time zone" hint={`${shown.length} of ${zones.length} zones match. Type a city or region, such as “new york”.`}>
          {(control) => <input {...control} type="search" value={query} autoComplete="off" onChange={(e) => setQuery(e.target.value)} />}
        </Field>
        <Field label="Time zone" error={fieldError ?? undefined} hint={now ? `It is ${now} there now.` : "Not set: times in messages use UTC."}>
          {(control) => (
            <select {...control} value={chosen} onChange={(e) => setChosen(e.target.value)}>
              <option value="">Not set</option>
              {shown.map((z) => (
                <option key={z} value={z}>
                  {z.replace(/_/g, " ")}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="actions">
        {here && here !== chosen && (
          <button
            type="button"
            onClick={() => {
              setChosen(here);
              setQuery("");
            }}
          >
            Use this browser’s zone ({here.replace(/_/g, " ")})
          </button>
        )}
        <button type="submit" disabled={save.isPending}>
          Save time zone
        </button>
      </div>
      <p role="status" className="muted">
        {status}
      </p>
    </form>
  );
}

import "./profile.css";
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { api, describeProblem } from "../api/client";
import { Field } from "../components/Field";
import { splitProblem } from "../components/forms";
import { ProfileCalendarFeed } from "./ProfileCalendarFeed";
import { ProfileWorkingHoursForm } from "./ProfileWorkingHoursForm";
import { browserZone, filterZones, supportedZones, timeIn, zoneList, type Profile } from "./profile";

/** Your time zone, working hours and calendar feed. */
export function ProfileSection() {
  const [profile, setProfile] = useState<Profile | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.GET("/api/v1/me/profile").then(({ data, error }) => {
      if (!live) return;
      if (data) setProfile(data);
      else setLoadError(describeProblem(error));
    });
    return () => {
      live = false;
    };
  }, []);

  return (
    <section aria-labelledby="profile-heading" className="profile">
      <h2 id="profile-heading">Profile</h2>
      <p className="muted">Your time zone and working hours help others page you at sensible times and show your on-call shifts in your own time.</p>
      {loadError && (
        <p role="alert" className="error">
          {loadError}
        </p>
      )}
      {!profile && !loadError && <p className="muted">Loading…</p>}
      {profile && (
        <>
          <TimeZoneForm zone={profile.time_zone ?? null} onSaved={setProfile} />
          <ProfileWorkingHoursForm profile={profile} onSaved={setProfile} />
        </>
      )}
      <ProfileCalendarFeed />
    </section>
  );
}

function TimeZoneForm({ zone, onSaved }: { zone: string | null; onSaved: (p: Profile) => void }) {
  const here = useMemo(() => browserZone(), []);
  const zones = useMemo(() => zoneList(supportedZones(), zone, here), [zone, here]);
  const [chosen, setChosen] = useState(zone ?? "");
  const [query, setQuery] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [sending, setSending] = useState(false);
  const shown = filterZones(zones, query, chosen || null);
  const now = chosen ? timeIn(chosen) : null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSending(true);
    setStatus("");
    const { data, error } = await api.PATCH("/api/v1/me/profile", { body: { time_zone: chosen || null } });
    setSending(false);
    if (data) {
      setFieldError(null);
      setError(null);
      onSaved(data);
      setStatus(data.time_zone ? `Your time zone is ${data.time_zone}.` : "Your time zone is cleared.");
    } else {
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
        <button type="submit" disabled={sending}>
          Save time zone
        </button>
      </div>
      <p role="status" className="muted">
        {status}
      </p>
    </form>
  );
}

import "./profile.css";
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from "react";
import { api, describeProblem } from "../api/client";
import { Time } from "../Time";
import { ConfirmButton } from "./Confirm";
import { Field } from "./Field";
import { sentence, splitProblem } from "./forms";
import {
  browserZone,
  checkHours,
  DAY_NAMES,
  describeHours,
  emptyHours,
  feedUrl,
  filterZones,
  hoursErrorsFromServer,
  hoursFromWindows,
  supportedZones,
  timeIn,
  weekdayHours,
  WEEKDAYS,
  windowsFromHours,
  zoneList,
  type Hours,
  type Profile,
  type Weekday,
} from "./profile";

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
          <WorkingHoursForm profile={profile} onSaved={setProfile} />
        </>
      )}
      <CalendarFeed />
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

function WorkingHoursForm({ profile, onSaved }: { profile: Profile; onSaved: (p: Profile) => void }) {
  const [hours, setHours] = useState<Hours>(() => hoursFromWindows(profile.working_hours));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [sending, setSending] = useState(false);
  const any = WEEKDAYS.some((d) => hours[d].length);

  const change = (day: Weekday, i: number, part: "start" | "end", value: string) => setHours((h) => ({ ...h, [day]: h[day].map((r, j) => (j === i ? { ...r, [part]: value } : r)) }));
  const add = (day: Weekday) =>
    setHours((h) => {
      const last = h[day][h[day].length - 1];
      return { ...h, [day]: [...h[day], last ? { start: last.end === "24:00" ? "00:00" : last.end, end: "24:00" } : { start: "09:00", end: "17:00" }] };
    });
  const remove = (day: Weekday, i: number) => {
    setHours((h) => ({ ...h, [day]: h[day].filter((_, j) => j !== i) }));
    setErrors({});
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setStatus("");
    const local = checkHours(hours);
    setErrors(local);
    if (Object.keys(local).length) {
      setError("Check the hours marked below.");
      return;
    }
    const { windows, keys } = windowsFromHours(hours);
    setSending(true);
    const { data, error } = await api.PATCH("/api/v1/me/profile", { body: { working_hours: windows } });
    setSending(false);
    if (data) {
      setError(null);
      onSaved(data);
      const saved = hoursFromWindows(data.working_hours);
      setHours(saved);
      setStatus(`Saved. ${describeHours(saved)}`);
    } else {
      const problem = (error ?? {}) as { errors?: { field: string; message: string }[]; detail?: string };
      const split = hoursErrorsFromServer(problem.errors ?? [], keys);
      setErrors(Object.fromEntries(Object.entries(split.fields).map(([k, v]) => [k, sentence(v)])));
      setError(split.other.length ? split.other.join("; ") : Object.keys(split.fields).length ? "Check the hours marked below." : describeProblem(error));
    }
  }

  return (
    <form onSubmit={submit} aria-labelledby="hours-heading" className="panel settings-form" noValidate>
      <h3 id="hours-heading">Working hours</h3>
      <p className="muted">
        In your time zone, as HH:MM (24:00 ends a day). To work past midnight, end at 24:00 and add hours on the next day from 00:00. A day without hours is a day off.
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!any && (
        <p className="muted">
          No working hours yet.{" "}
          <button type="button" className="small" onClick={() => setHours(weekdayHours())}>
            Fill in Monday to Friday, 09:00–17:00
          </button>
        </p>
      )}
      <ul className="hours">
        {WEEKDAYS.map((day) => (
          <li key={day}>
            <fieldset>
              <legend>{DAY_NAMES[day]}</legend>
              {hours[day].length === 0 && <p className="muted day-off">Day off</p>}
              {hours[day].map((row, i) => (
                <HoursRow
                  key={i}
                  day={day}
                  index={i}
                  start={row.start}
                  end={row.end}
                  errors={{ start: errors[`${day}.${i}.start`], end: errors[`${day}.${i}.end`] }}
                  onChange={(part, value) => change(day, i, part, value)}
                  onRemove={() => remove(day, i)}
                />
              ))}
              <button type="button" className="small" onClick={() => add(day)}>
                Add hours on {DAY_NAMES[day]}
              </button>
            </fieldset>
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="submit" disabled={sending}>
          Save working hours
        </button>
        {any && (
          <button type="button" onClick={() => setHours(emptyHours())}>
            Clear all
          </button>
        )}
      </div>
      <p role="status" className="muted">
        {status}
      </p>
    </form>
  );
}

function HoursRow({
  day,
  index,
  start,
  end,
  errors,
  onChange,
  onRemove,
}: {
  day: Weekday;
  index: number;
  start: string;
  end: string;
  errors: { start?: string; end?: string };
  onChange: (part: "start" | "end", value: string) => void;
  onRemove: () => void;
}) {
  const name = `${DAY_NAMES[day]}${index ? ` (${index + 1})` : ""}`;
  return (
    <div className="hours-row">
      <Field label={<span>From<span className="visually-hidden"> on {name}</span></span>} error={errors.start}>
        {(control) => <input {...control} value={start} inputMode="numeric" placeholder="09:00" maxLength={5} autoComplete="off" onChange={(e) => onChange("start", e.target.value)} />}
      </Field>
      <Field label={<span>Until<span className="visually-hidden"> on {name}</span></span>} error={errors.end}>
        {(control) => <input {...control} value={end} inputMode="numeric" placeholder="17:00" maxLength={5} autoComplete="off" onChange={(e) => onChange("end", e.target.value)} />}
      </Field>
      <button type="button" className="small" onClick={onRemove} aria-label={`Remove hours ${start}–${end} on ${DAY_NAMES[day]}`}>
        Remove
      </button>
    </div>
  );
}

type Feed = { token: string; my_feed: string };

/** The personal calendar feed: its secret shown once after making it, then only when it was made. */
function CalendarFeed() {
  const [createdAt, setCreatedAt] = useState<string | null | undefined>(undefined);
  const [fresh, setFresh] = useState<Feed | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api.GET("/api/v1/me/calendar-feed").then(({ data, error }) => {
      if (!live) return;
      if (data) setCreatedAt(data.created_at ?? null);
      else setError(describeProblem(error));
    });
    return () => {
      live = false;
    };
  }, []);

  async function make() {
    setBusy(true);
    setError(null);
    const { data, error } = await api.POST("/api/v1/me/calendar-feed");
    setBusy(false);
    if (data) {
      setFresh(data);
      setCreatedAt(new Date().toISOString());
    } else setError(describeProblem(error));
  }

  return (
    <section aria-labelledby="feed-heading" className="panel">
      <h3 id="feed-heading">Your on-call calendar</h3>
      <p>Subscribe to your on-call shifts (every schedule, the next 60 days) in Google Calendar, Outlook or Apple Calendar. The feed address carries a secret of its own; it only reads your shifts.</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {fresh ? (
        <FeedSecret feed={fresh} onDone={() => setFresh(null)} />
      ) : createdAt === undefined ? (
        <p className="muted">Loading…</p>
      ) : createdAt === null ? (
        <>
          <p className="muted">You have no feed address yet.</p>
          <button type="button" onClick={make} disabled={busy}>
            Create my feed address
          </button>
        </>
      ) : (
        <>
          <p>
            Your feed address was made <Time at={createdAt} withDate />. It is shown only when made; if you lost it, or it leaked, make a new one.
          </p>
          <ConfirmButton
            label="Make a new feed address"
            question="Make a new feed address? The current one stops working at once, and every calendar subscribed to it stops updating until you subscribe again."
            confirmLabel="Make a new address"
            onConfirm={make}
          />
        </>
      )}
      <h4>Subscribing</h4>
      <ul className="feed-help">
        <li>
          <strong>Google Calendar</strong>: Other calendars, +, From URL; paste the address. Google refreshes it on its own timetable, often every several hours.
        </li>
        <li>
          <strong>Outlook</strong>: Add calendar, Subscribe from web; paste the address.
        </li>
        <li>
          <strong>Apple Calendar</strong>: File, New Calendar Subscription.
        </li>
      </ul>
    </section>
  );
}

function FeedSecret({ feed, onDone }: { feed: Feed; onDone: () => void }) {
  const url = feedUrl(window.location.origin, feed.my_feed);
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState("");
  const id = useId();

  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setCopied("Copied to the clipboard.");
    } catch {
      input.current?.select();
      setCopied("Selected: press Ctrl+C (⌘C on a Mac) to copy.");
    }
  }

  return (
    <div className="secret feed-secret" aria-labelledby={id} role="group">
      <p id={id} className="warning">
        <strong>Copy your feed address now: it will not be shown again.</strong> Anyone who has it can read your on-call shifts.
      </p>
      <Field label="Your calendar feed address">
        {(control) => (
          <div className="copy-row">
            <input {...control} ref={input} readOnly value={url} autoFocus spellCheck={false} onFocus={(e) => e.currentTarget.select()} className="mono" />
            <button type="button" onClick={copy}>
              Copy
            </button>
          </div>
        )}
      </Field>
      <p role="status" className="muted">
        {copied}
      </p>
      <button type="button" onClick={onDone}>
        Done, I have subscribed or stored it
      </button>
    </div>
  );
}

import { useState, type FormEvent } from "react";
import { describeProblem } from "../api/client";
import { useSaveProfile } from "./api/profile";
import { Field } from "../components/Field";
import { sentence } from "../components/forms";
import { checkHours, DAY_NAMES, describeHours, emptyHours, hoursErrorsFromServer, hoursFromWindows, weekdayHours, WEEKDAYS, windowsFromHours, type Hours, type Profile, type Weekday } from "./profile";

/** The working-hours editor: hours per weekday, as HH:MM ranges in your time zone. */
export function ProfileWorkingHoursForm({ profile }: { profile: Profile }) {
  const [hours, setHours] = useState<Hours>(() => hoursFromWindows(profile.working_hours));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const save = useSaveProfile();
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
    try {
      const data = await save.mutateAsync({ working_hours: windows });
      setError(null);
      const saved = hoursFromWindows(data.working_hours);
      setHours(saved);
      setStatus(`Saved. ${describeHours(saved)}`);
    } catch (error) {
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
        <button type="submit" disabled={save.isPending}>
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

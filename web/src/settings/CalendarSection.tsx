import { useEffect, useRef, useState, type FormEvent } from "react";
import { ConfirmButton } from "../components/Confirm";
import { Field } from "../components/Field";
import { collect, problemText, splitProblem, type FieldErrors } from "../components/forms";
import { QueryState } from "../components/QueryState";
import { Link } from "../Link";
import { Time } from "../Time";
import { useConnectCalendar, useDisconnectCalendar, useMyCalendar, type CalendarConnection, type CalendarRequest } from "./api/reviews";

/** Settings → Calendar (everyone): the calendar the review assistant reads for busy times, a CalDAV
 * account or a secret ICS address. Connecting checks it at once; what is wrong shows beside the
 * field it is about. Secrets are never shown back. */
export function CalendarSection() {
  const calendar = useMyCalendar();
  const [replacing, setReplacing] = useState(false);
  return (
    <section aria-labelledby="calendar-heading">
      <h2 id="calendar-heading">Calendar</h2>
      <p className="muted">
        Connect your calendar so review meetings are booked when you are really free. Goldseam reads when you are busy, never what your events are. Without a calendar it plans around your
        working hours and time zone (<Link to="/settings/profile">Profile</Link>) and what it knows itself: other reviews, and on-call shifts if your admins say so.
      </p>
      <QueryState query={calendar} what="Your calendar connection">
        {(c) => (c && !replacing ? <Connection connection={c} onReplace={() => setReplacing(true)} /> : <ConnectForm replacing={c !== null} onDone={() => setReplacing(false)} />)}
      </QueryState>
    </section>
  );
}

function Connection({ connection: c, onReplace }: { connection: CalendarConnection; onReplace: () => void }) {
  const disconnect = useDisconnectCalendar();
  const caldav = c.kind === "caldav";
  return (
    <div className="panel">
      <h3>Connected</h3>
      <dl className="cal-facts">
        <dt>Kind</dt>
        <dd>{caldav ? "CalDAV account" : "Secret ICS address"}</dd>
        <dt>{caldav ? "Server" : "Address"}</dt>
        <dd className="mono">{caldav ? c.url : `${c.url} (the rest of the address is secret)`}</dd>
        {caldav && (
          <>
            <dt>User name</dt>
            <dd>{c.username}</dd>
            <dt>Scheduling</dt>
            <dd>{c.scheduling ? "Yes: busy times come from the server's scheduling outbox, and your answers from its inbox." : "No: busy times are read from each calendar."}</dd>
            <dt>Calendars</dt>
            <dd>{c.calendars.length ? c.calendars.join(", ") : "None found"}</dd>
          </>
        )}
        <dt>Last read</dt>
        <dd>
          <Time at={c.checked_at} withDate />
        </dd>
        <dt>Last error</dt>
        <dd>{c.last_error ? <strong className="error">{c.last_error}</strong> : "None"}</dd>
      </dl>
      {disconnect.isError && (
        <p role="alert" className="error">
          Not disconnected: {problemText(disconnect.error)}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={onReplace}>
          Connect another…
        </button>
        <ConfirmButton
          label="Disconnect"
          question="Disconnect your calendar? Goldseam forgets its address and password, and plans your reviews on your working hours alone until you connect one again."
          confirmLabel="Disconnect"
          onConfirm={() => disconnect.mutateAsync().catch(() => undefined)}
        />
      </div>
    </div>
  );
}

type Kind = "caldav" | "ics";
const FIELDS = ["url", "username", "password", "kind"] as const;

/** The client's own checks: what the server would refuse without trying to connect. */
function check(kind: Kind, url: string, username: string, password: string): FieldErrors {
  const address = url.trim();
  return collect({
    url: !address ? (kind === "caldav" ? "Enter your CalDAV server's address." : "Paste the secret address in iCal format.") : !/^(https?|webcal):\/\//i.test(address) ? "Enter a full address, starting with https://." : null,
    username: kind === "caldav" && !username.trim() ? "Enter your user name on that server." : null,
    password: kind === "caldav" && !password ? "Enter an app password made for Goldseam." : null,
  });
}

function ConnectForm({ replacing, onDone }: { replacing: boolean; onDone: () => void }) {
  const connect = useConnectCalendar();
  const [kind, setKind] = useState<Kind>("caldav");
  const [url, setUrl] = useState("");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const root = useRef<HTMLFormElement>(null);
  const focusError = useRef(false);
  // After a refusal the keyboard lands on the first field to fix, its message read out with it.
  useEffect(() => {
    if (!focusError.current) return;
    focusError.current = false;
    root.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  });

  async function submit(e: FormEvent) {
    e.preventDefault();
    setMessage(null);
    const own = check(kind, url, username, password);
    setErrors(own);
    if (Object.keys(own).length) {
      focusError.current = true;
      return;
    }
    // An ICS address takes no user name or password: the server refuses them if sent at all.
    const body: CalendarRequest = kind === "caldav" ? { kind, url: url.trim(), username: username.trim(), password } : { kind, url: url.trim() };
    try {
      await connect.mutateAsync(body);
      onDone();
    } catch (error) {
      const split = splitProblem(error, FIELDS);
      setErrors(split.fields);
      setMessage(split.message ?? "Not connected: check the field marked above.");
      focusError.current = true;
    }
  }

  const choose = (next: Kind) => {
    setKind(next);
    setErrors({});
    setMessage(null);
  };

  return (
    <form ref={root} className="panel settings-form" aria-label="Connect a calendar" onSubmit={submit} noValidate>
      <h3>{replacing ? "Connect another calendar" : "Connect a calendar"}</h3>
      <fieldset className="cal-kind">
        <legend>Kind</legend>
        <label>
          <input type="radio" name="calendar-kind" checked={kind === "caldav"} onChange={() => choose("caldav")} /> CalDAV account{" "}
          <span className="muted">(Fastmail, iCloud, Nextcloud, Radicale…): busy times, and your working hours where the server publishes them</span>
        </label>
        <label>
          <input type="radio" name="calendar-kind" checked={kind === "ics"} onChange={() => choose("ics")} /> Secret ICS address{" "}
          <span className="muted">(Google Calendar, Outlook): busy times only</span>
        </label>
        {errors.kind && <p className="error field-error">{errors.kind}</p>}
      </fieldset>
      {kind === "caldav" ? (
        <>
          <Field label="Server address" hint="Such as https://caldav.fastmail.com/ or your Nextcloud's address." error={errors.url}>
            {(c) => <input {...c} type="url" inputMode="url" autoComplete="url" spellCheck={false} value={url} onChange={(e) => setUrl(e.target.value)} />}
          </Field>
          <div className="form-grid">
            <Field label="User name" error={errors.username}>
              {(c) => <input {...c} autoComplete="username" spellCheck={false} value={username} onChange={(e) => setUsername(e.target.value)} />}
            </Field>
            <Field label="App password" hint="Make one for Goldseam in your account's security settings. It is stored sealed and never shown again." error={errors.password}>
              {(c) => <input {...c} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
            </Field>
          </div>
        </>
      ) : (
        <Field
          label="Secret address in iCal format"
          hint="Google Calendar: Settings, your calendar, Secret address in iCal format. Outlook: Settings, Calendar, Shared calendars, Publish a calendar, ICS. The address is itself a secret: it is stored sealed and never shown again."
          error={errors.url}
        >
          {(c) => <input {...c} type="url" inputMode="url" autoComplete="off" spellCheck={false} value={url} onChange={(e) => setUrl(e.target.value)} />}
        </Field>
      )}
      {message && (
        <p role="alert" className="error">
          {message}
        </p>
      )}
      <div className="actions">
        <button type="submit" disabled={connect.isPending}>
          {connect.isPending ? "Checking…" : "Connect"}
        </button>
        {replacing && (
          <button type="button" onClick={onDone}>
            Keep the current one
          </button>
        )}
      </div>
      <p role="status" className="muted">
        {connect.isPending ? "Checking your calendar: this takes as long as it takes to answer, at most a few seconds." : ""}
      </p>
    </form>
  );
}

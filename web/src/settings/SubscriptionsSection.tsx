import "./subscriptions.css";
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { api, describeProblem } from "../api/client";
import { useApp } from "../context";
import { Link } from "../Link";
import { roomPath } from "../route";
import type { ContactMethod } from "./contact";
import { Field } from "./Field";
import { errorSummary } from "./forms";
import {
  CHANNELS,
  channelsPhrase,
  checkChannels,
  checkKey,
  existing,
  keyToSend,
  removedMessage,
  sameChannels,
  sortSubscriptions,
  subscriptionProblem,
  summary,
  TARGETS,
  targetPhrase,
  unreachable,
  type Channel,
  type Subscription,
  type Target,
} from "./subscriptions";

const CONTACT_PATH = "/settings/contact-methods";
/** Incident titles by reference: a string once known, null when the incident cannot be read. */
type Titles = Record<string, string | null>;

/** What you follow (severities, tags, single incidents) and by which channels you hear of it. */
export function SubscriptionsSection() {
  const { severities } = useApp();
  const [subs, setSubs] = useState<Subscription[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [methods, setMethods] = useState<ContactMethod[] | null>(null);
  const [titles, setTitles] = useState<Titles>({});
  const [status, setStatus] = useState("");
  const asked = useRef(new Set<string>());
  const listHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let live = true;
    api.GET("/api/v1/me/subscriptions").then(({ data, error }) => {
      if (!live) return;
      if (data) setSubs(data);
      else setLoadError(describeProblem(error));
    });
    // Only to warn of channels that cannot reach you; the page works without it.
    api.GET("/api/v1/me/contact-methods").then(({ data }) => live && data && setMethods(data));
    return () => {
      live = false;
    };
  }, []);

  // The list names incidents by reference; their titles come from the incidents themselves.
  useEffect(() => {
    for (const s of subs ?? []) {
      if (s.target !== "incident" || asked.current.has(s.key)) continue;
      asked.current.add(s.key);
      api.GET("/api/v1/incidents/{ref}", { params: { path: { ref: s.key } } }).then(({ data }) => setTitles((t) => ({ ...t, [s.key]: data ? data.title : null })));
    }
  }, [subs]);

  const saved = (s: Subscription, message: string) => {
    setSubs((list) => [...(list ?? []).filter((x) => x.id !== s.id && !(x.target === s.target && x.key === s.key)), s]);
    setStatus(message);
  };

  return (
    <section aria-labelledby="subs-heading" className="subs">
      <h2 id="subs-heading">Subscriptions</h2>
      <p className="muted">
        Follow a severity, a tag or one incident to hear of its declaration, severity changes, status updates and resolution. Email goes to your verified email
        methods, or else your account email; SMS and Slack go to your verified methods of that kind in <Link to={CONTACT_PATH}>Contact methods</Link>.
      </p>
      <h3 id="subs-list-heading" ref={listHeading} tabIndex={-1}>
        What you follow
      </h3>
      {loadError && (
        <p role="alert" className="error">
          {loadError}
        </p>
      )}
      <p role="status" className="muted">
        {status}
      </p>
      {subs === null && !loadError && <p className="muted">Loading…</p>}
      {subs?.length === 0 && (
        <p className="empty">
          You follow nothing yet. Follow a severity (such as every {severities[0]?.key ?? "SEV1"} incident), a tag or one incident below, or press Subscribe in an
          incident’s room.
        </p>
      )}
      {!!subs?.length && (
        <ul className="sub-list" aria-labelledby="subs-list-heading">
          {sortSubscriptions(subs, severities).map((s) => (
            <SubscriptionItem
              key={s.id}
              sub={s}
              titles={titles}
              methods={methods}
              onSaved={(updated) => saved(updated, `Saved: ${summary(updated, titles)}.`)}
              onRemoved={() => {
                setSubs((list) => (list ?? []).filter((x) => x.id !== s.id));
                setStatus(removedMessage(s));
                listHeading.current?.focus();
              }}
            />
          ))}
        </ul>
      )}
      <AddSubscription
        subs={subs ?? []}
        methods={methods}
        onAdded={(s, before) => {
          if (s.target === "incident") asked.current.delete(s.key);
          saved(s, before ? `You already followed this; now ${summary(s, titles)}.` : `You now follow: ${summary(s, titles)}.`);
        }}
      />
    </section>
  );
}

/** A line per channel that cannot reach you, with the way to fix it. */
function Unreachable({ channels, methods }: { channels: readonly string[]; methods: ContactMethod[] | null }) {
  const warnings = unreachable(channels, methods);
  if (!warnings.length) return null;
  return (
    <ul className="unreachable">
      {warnings.map((w) => (
        <li key={w.channel}>
          {w.message.replace(/Contact methods$/, "")}
          <Link to={CONTACT_PATH}>Contact methods</Link>.
        </li>
      ))}
    </ul>
  );
}

/** The channel checkboxes, their error and the warnings for channels with no verified method. */
function ChannelBoxes({ legend, value, onChange, error, methods }: { legend: ReactNode; value: Channel[]; onChange: (v: Channel[]) => void; error?: string; methods: ContactMethod[] | null }) {
  const id = useId();
  return (
    <fieldset className="channels" aria-describedby={error ? `${id}-error` : undefined} aria-invalid={error ? true : undefined}>
      <legend>{legend}</legend>
      <div className="channel-boxes">
        {CHANNELS.map((c) => (
          <label key={c.channel} className="check">
            <input
              type="checkbox"
              checked={value.includes(c.channel)}
              onChange={(e) => onChange(e.target.checked ? CHANNELS.map((x) => x.channel).filter((x) => x === c.channel || value.includes(x)) : value.filter((x) => x !== c.channel))}
            />
            {c.label}
          </label>
        ))}
      </div>
      {error && (
        <p id={`${id}-error`} className="error field-error">
          {error}
        </p>
      )}
      <Unreachable channels={value} methods={methods} />
    </fieldset>
  );
}

function SubscriptionItem({
  sub: s,
  titles,
  methods,
  onSaved,
  onRemoved,
}: {
  sub: Subscription;
  titles: Titles;
  methods: ContactMethod[] | null;
  onSaved: (s: Subscription) => void;
  onRemoved: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const change = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  const what = targetPhrase(s, titles);
  const id = `sub-${s.id}`;

  useEffect(() => {
    if (!editing && refocus.current) {
      refocus.current = false;
      change.current?.focus();
    }
  }, [editing]);

  async function remove() {
    setBusy(true);
    const { error, response } = await api.DELETE("/api/v1/me/subscriptions/{id}", { params: { path: { id: s.id } } });
    setBusy(false);
    // Gone already (removed in another tab): the list only catches up.
    if (response.ok || response.status === 404) onRemoved();
    else setMessage(describeProblem(error));
  }

  const unreadable = s.target === "incident" && titles[s.key] === null;
  return (
    <li className="sub panel" aria-labelledby={id}>
      <div className="sub-head">
        <p className="sub-what" id={id}>
          {s.target === "incident" ? <Link to={roomPath(s.key)}>{what}</Link> : <strong>{what}</strong>}
          <span className="sub-by"> — {channelsPhrase(s.channels)}</span>
        </p>
        {unreadable && <p className="muted sub-note">You may no longer see this incident; nothing reaches you about it while that lasts.</p>}
      </div>
      {message && (
        <p role="alert" className="error">
          {message}
        </p>
      )}
      {editing ? (
        <ChangeChannels
          sub={s}
          what={what}
          methods={methods}
          onCancel={() => {
            refocus.current = true;
            setEditing(false);
          }}
          onSaved={(updated) => {
            refocus.current = true;
            setEditing(false);
            onSaved(updated);
          }}
        />
      ) : (
        <>
          <Unreachable channels={s.channels} methods={methods} />
          <div className="actions">
            <button type="button" className="small" ref={change} onClick={() => setEditing(true)} aria-label={`Change channels for ${what}`}>
              Change channels
            </button>
            <button type="button" className="small danger" onClick={remove} disabled={busy} aria-label={`Stop following ${what}`}>
              Stop following
            </button>
          </div>
        </>
      )}
    </li>
  );
}

function ChangeChannels({ sub: s, what, methods, onCancel, onSaved }: { sub: Subscription; what: string; methods: ContactMethod[] | null; onCancel: () => void; onSaved: (s: Subscription) => void }) {
  const [channels, setChannels] = useState<Channel[]>(CHANNELS.map((c) => c.channel).filter((c) => s.channels.includes(c)));
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLFormElement>(null);
  useEffect(() => first.current?.querySelector("input")?.focus(), []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = checkChannels(channels);
    setError(problem);
    setMessage(problem ? "Check this field: Channels." : null);
    if (problem) return;
    if (sameChannels(channels, s.channels)) return onCancel();
    setBusy(true);
    const { data, error, response } = await api.POST("/api/v1/me/subscriptions", { body: { target: s.target, key: s.key, channels } });
    setBusy(false);
    if (data) return onSaved(data);
    const split = subscriptionProblem(error, response.status, s.target as Target, s.key);
    setError(split.fields.channels ?? null);
    setMessage(split.message ?? split.fields.key ?? "Check this field: Channels.");
  }

  return (
    <form ref={first} onSubmit={submit} className="change-channels" aria-label={`Channels for ${what}`} noValidate onKeyDown={(e) => e.key === "Escape" && onCancel()}>
      {message && (
        <p role="alert" className="error">
          {message}
        </p>
      )}
      <ChannelBoxes legend="Notify me by" value={channels} onChange={setChannels} error={error ?? undefined} methods={methods} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          Save channels
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

const KEY_LABEL: Record<Target, string> = { severity: "Severity", tag: "Tag", incident: "Incident" };

function AddSubscription({ subs, methods, onAdded }: { subs: Subscription[]; methods: ContactMethod[] | null; onAdded: (s: Subscription, before: Subscription | undefined) => void }) {
  const { severities } = useApp();
  const [target, setTarget] = useState<Target>("severity");
  const [severity, setSeverity] = useState("");
  const [text, setText] = useState("");
  const [channels, setChannels] = useState<Channel[]>(["email"]);
  const [errors, setErrors] = useState<Partial<Record<"target" | "key" | "channels", string>>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const raw = target === "severity" ? severity : text;
  const sorted = [...severities].sort((a, b) => a.rank - b.rank);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local = { key: checkKey(target, raw) ?? undefined, channels: checkChannels(channels) ?? undefined };
    const checked = Object.fromEntries(Object.entries(local).filter(([, v]) => v)) as typeof errors;
    setErrors(checked);
    setMessage(errorSummary(checked as Record<string, string>, { key: KEY_LABEL[target], channels: "Channels" }));
    if (Object.keys(checked).length) return;
    const key = keyToSend(target, raw);
    const before = existing(subs, target, key);
    setBusy(true);
    const { data, error, response } = await api.POST("/api/v1/me/subscriptions", { body: { target, key, channels } });
    setBusy(false);
    if (data) {
      setText("");
      setErrors({});
      setMessage(null);
      onAdded(data, before);
      return;
    }
    const split = subscriptionProblem(error, response.status, target, key);
    setErrors(split.fields);
    setMessage(split.message ?? errorSummary(split.fields as Record<string, string>, { target: "What to follow", key: KEY_LABEL[target], channels: "Channels" }));
  }

  const edited = (field: "target" | "key" | "channels") =>
    setErrors((all) => {
      const rest = { ...all };
      delete rest[field];
      return rest;
    });
  return (
    <form onSubmit={submit} aria-labelledby="add-sub-heading" className="panel settings-form add-sub" noValidate>
      <h3 id="add-sub-heading">Follow something</h3>
      {message && (
        <p role="alert" className="error">
          {message}
        </p>
      )}
      <div className="form-row">
        <Field label="What to follow" error={errors.target}>
          {(control) => (
            <select
              {...control}
              value={target}
              onChange={(e) => {
                setTarget(e.target.value as Target);
                setErrors({});
                setMessage(null);
              }}
            >
              {TARGETS.map((t) => (
                <option key={t.target} value={t.target}>
                  {t.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {target === "severity" && (
          <Field label="Severity" error={errors.key} className="grow">
            {(control) => (
              <select
                {...control}
                value={severity}
                onChange={(e) => {
                  setSeverity(e.target.value);
                  edited("key");
                }}
              >
                <option value="">Choose a severity…</option>
                {sorted.map((s) => (
                  <option key={s.key} value={s.key}>
                    {s.key} — {s.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {target === "tag" && (
          <Field label="Tag" hint="Every incident with this tag, such as payments." error={errors.key} className="grow">
            {(control) => (
              <input
                {...control}
                value={text}
                spellCheck={false}
                autoCapitalize="none"
                placeholder="payments"
                onChange={(e) => {
                  setText(e.target.value);
                  edited("key");
                }}
              />
            )}
          </Field>
        )}
        {target === "incident" && (
          <Field label="Incident" hint="Its reference, such as INC-42." error={errors.key} className="grow">
            {(control) => (
              <input
                {...control}
                value={text}
                spellCheck={false}
                autoCapitalize="characters"
                placeholder="INC-42"
                onChange={(e) => {
                  setText(e.target.value);
                  edited("key");
                }}
              />
            )}
          </Field>
        )}
      </div>
      <ChannelBoxes
        legend="Notify me by"
        value={channels}
        onChange={(v) => {
          setChannels(v);
          edited("channels");
        }}
        error={errors.channels}
        methods={methods}
      />
      <button type="submit" disabled={busy}>
        Follow
      </button>
    </form>
  );
}

import { useState, type FormEvent } from "react";
import { api } from "../api/client";
import { useApp } from "../context";
import type { ContactMethod } from "./contact";
import { Field } from "./Field";
import { errorSummary } from "./forms";
import { checkChannels, checkKey, existing, keyToSend, subscriptionProblem, TARGETS, type Channel, type Subscription, type Target } from "./subscriptions";
import { ChannelBoxes } from "./SubscriptionChannelBoxes";

const KEY_LABEL: Record<Target, string> = { severity: "Severity", tag: "Tag", incident: "Incident" };

/** The form that follows a severity, a tag or one incident. */
export function AddSubscription({ subs, methods, onAdded }: { subs: Subscription[]; methods: ContactMethod[] | null; onAdded: (s: Subscription, before: Subscription | undefined) => void }) {
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

import { useId, useState, type FormEvent } from "react";
import { useApp } from "../../context";
import type { Service, Team } from "../../api/lists";
import type { ContactMethod } from "../../api/contactMethods";
import { Field } from "../Field";
import { errorSummary } from "../forms";
import { checkChannels, checkKey, existing, keyToSend, subscriptionProblem, TARGETS, wordsFor, type Channel, type Subscription, type Target } from "./subscriptions";
import type { SubscriptionOwner } from "./subscriptionOwners";
import { ChannelBoxes } from "./SubscriptionChannelBoxes";
import { useSaveSubscription } from "./api";
import { statusOf } from "../../api/errors";

const KEY_LABEL: Record<Target, string> = { severity: "Severity", tag: "Tag", service: "Service", team: "Team", incident: "Incident" };

/** The services and teams to choose from: null while they load. */
export interface Choices {
  service: Service[] | null;
  team: Team[] | null;
}

type Picked = "severity" | "service" | "team";
const picked = (target: Target): target is Picked => target === "severity" || target === "service" || target === "team";

/** The form that follows a severity, a tag, a service, a team or one incident, as the owner may. */
export function AddSubscription({
  owner,
  subs,
  methods,
  choices,
  onAdded,
}: {
  owner: SubscriptionOwner;
  subs: Subscription[];
  methods: ContactMethod[] | null;
  choices: Choices;
  onAdded: (s: Subscription, before: Subscription | undefined) => void;
}) {
  const { severities } = useApp();
  const [target, setTarget] = useState<Target>("severity");
  const [choice, setChoice] = useState<Record<Picked, string>>({ severity: "", service: "", team: "" });
  const [text, setText] = useState("");
  const [channels, setChannels] = useState<Channel[]>(["email"]);
  const [errors, setErrors] = useState<Partial<Record<"target" | "key" | "channels", string>>>({});
  const [message, setMessage] = useState<string | null>(null);
  const save = useSaveSubscription(owner);
  const busy = save.isPending;
  const headingId = useId();
  const words = wordsFor(owner.who);
  const raw = picked(target) ? choice[target] : text;
  const options: Record<Picked, { value: string; label: string }[] | null> = {
    severity: [...severities].sort((a, b) => a.rank - b.rank).map((s) => ({ value: s.key, label: `${s.key} — ${s.name}` })),
    service: choices.service?.map((s) => ({ value: String(s.id), label: `${s.name} — ${s.team_name}` })) ?? null,
    team: choices.team?.map((t) => ({ value: String(t.id), label: t.name })) ?? null,
  };
  const hints: Record<Picked, string | undefined> = {
    severity: undefined,
    service: options.service?.length === 0 ? "The service catalog is empty: services are added under Services." : "Every incident that affects it, whoever declares it.",
    team: options.team?.length === 0 ? "There are no teams yet." : "Every incident affecting a service the team owns.",
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local = { key: checkKey(target, raw) ?? undefined, channels: checkChannels(channels) ?? undefined };
    const checked = Object.fromEntries(Object.entries(local).filter(([, v]) => v)) as typeof errors;
    setErrors(checked);
    setMessage(errorSummary(checked as Record<string, string>, { key: KEY_LABEL[target], channels: "Channels" }));
    if (Object.keys(checked).length) return;
    const key = keyToSend(target, raw);
    const before = existing(subs, target, key);
    let error: unknown;
    try {
      const data = await save.mutateAsync({ target, key, channels });
      setText("");
      setErrors({});
      setMessage(null);
      onAdded(data, before);
      return;
    } catch (e) {
      error = e;
    }
    const split = subscriptionProblem(error, statusOf(error) ?? 0, target, key);
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
    <form onSubmit={submit} aria-labelledby={headingId} className="panel settings-form add-sub" noValidate>
      <h3 id={headingId}>{words.addHeading}</h3>
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
              {TARGETS.filter((t) => owner.targets.includes(t.target)).map((t) => (
                <option key={t.target} value={t.target}>
                  {t.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {picked(target) && (
          <Field label={KEY_LABEL[target]} hint={hints[target]} error={errors.key} className="grow">
            {(control) => (
              <select
                {...control}
                value={choice[target]}
                onChange={(e) => {
                  setChoice({ ...choice, [target]: e.target.value });
                  edited("key");
                }}
              >
                <option value="">{options[target] ? `Choose a ${target}…` : `Loading ${target === "service" ? "services" : "teams"}…`}</option>
                {options[target]?.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
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
        legend={words.legend}
        value={channels}
        onChange={(v) => {
          setChannels(v);
          edited("channels");
        }}
        error={errors.channels}
        methods={methods}
      />
      <button type="submit" disabled={busy}>
        {words.add}
      </button>
    </form>
  );
}

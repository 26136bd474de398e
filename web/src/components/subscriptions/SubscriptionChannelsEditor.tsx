import { useEffect, useRef, useState, type FormEvent } from "react";
import type { ContactMethod } from "../../api/contactMethods";
import { CHANNELS, checkChannels, sameChannels, subscriptionProblem, wordsFor, type Channel, type Subscription, type Target } from "./subscriptions";
import type { SubscriptionOwner } from "./subscriptionOwners";
import { ChannelBoxes } from "./SubscriptionChannelBoxes";
import { useSaveSubscription } from "./api";
import { statusOf } from "../../api/errors";

/** The inline form that changes the channels of one subscription. */
export function ChangeChannels({
  sub: s,
  what,
  owner,
  methods,
  onCancel,
  onSaved,
}: {
  sub: Subscription;
  what: string;
  owner: SubscriptionOwner;
  methods: ContactMethod[] | null;
  onCancel: () => void;
  onSaved: (s: Subscription) => void;
}) {
  const [channels, setChannels] = useState<Channel[]>(CHANNELS.map((c) => c.channel).filter((c) => s.channels.includes(c)));
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const save = useSaveSubscription(owner);
  const busy = save.isPending;
  const first = useRef<HTMLFormElement>(null);
  useEffect(() => first.current?.querySelector("input")?.focus(), []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = checkChannels(channels);
    setError(problem);
    setMessage(problem ? "Check this field: Channels." : null);
    if (problem) return;
    if (sameChannels(channels, s.channels)) return onCancel();
    const target = s.target as Target;
    let error: unknown;
    try {
      return onSaved(await save.mutateAsync({ target, key: s.key, channels }));
    } catch (e) {
      error = e;
    }
    const split = subscriptionProblem(error, statusOf(error) ?? 0, target, s.key);
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
      <ChannelBoxes legend={wordsFor(owner.who).legend} value={channels} onChange={setChannels} error={error ?? undefined} methods={methods} />
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

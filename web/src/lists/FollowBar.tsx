import { useState } from "react";
import { describeProblem } from "../api/client";
import { useContactMethods } from "../api/contactMethods";
import { QueryError } from "../components/QueryState";
import { useRemoveSubscription, useSaveSubscription, useSubscriptions } from "../components/subscriptions/api";
import { CONTACT_PATH } from "../components/subscriptions/SubscriptionChannelBoxes";
import { MINE } from "../components/subscriptions/subscriptionOwners";
import { addedMessage, channelsPhrase, existing, removedMessage, type Channel, type Names, type Subscription, type Target } from "../components/subscriptions/subscriptions";
import { useApp } from "../context";
import { Link } from "../Link";
import { followChannel, noChannelMessage, quickSeverities } from "./follow";
import { FollowMore } from "./FollowMore";

/**
 * Following from the dashboard: the most severe severities one click away, anything else (a
 * severity, a tag, a service) from a small form, always on a channel with a verified contact
 * method. With none, it says so and links to where one is added instead of following in vain.
 */
export function FollowBar() {
  const { severities } = useApp();
  const subs = useSubscriptions(MINE);
  const methods = useContactMethods();
  const save = useSaveSubscription(MINE);
  const remove = useRemoveSubscription(MINE);
  const [status, setStatus] = useState("");
  const [error, setError] = useState<string | null>(null);
  const quick = quickSeverities(severities);
  const channel = followChannel(methods.data);
  const busy = save.isPending || remove.isPending;
  const noChannel = noChannelMessage(quick);

  const failed = (subs.error != null && !subs.isFetching) || (methods.error != null && !methods.isFetching);
  if (failed) {
    const q = subs.error != null ? subs : methods;
    return (
      <section className="follow-bar" aria-label="Follow incidents">
        <QueryError error={q.error} what={q === subs ? "What you follow" : "Your contact methods"} retry={q.refetch} />
      </section>
    );
  }
  if (!subs.data || !methods.data) return <section className="follow-bar" aria-label="Follow incidents" aria-busy="true" />;
  const list = subs.data;

  async function follow(target: Target, key: string, names: Names = {}): Promise<boolean> {
    if (!channel) return false;
    setError(null);
    const before = existing(list, target, key);
    try {
      const s = await save.mutateAsync({ target, key, channels: before ? (before.channels as Channel[]) : [channel] });
      setStatus(addedMessage(s, names, "me", !!before));
      return true;
    } catch (e) {
      setError(describeProblem(e));
      return false;
    }
  }

  async function stop(s: Subscription) {
    setError(null);
    try {
      await remove.mutateAsync(s.id);
      setStatus(removedMessage(s).replace(/ Follow it again below.*$/, " Follow it again here if that was a mistake."));
    } catch (e) {
      setError(describeProblem(e));
    }
  }

  return (
    <section className="follow-bar" aria-label="Follow incidents">
      {channel ? (
        <ul className="follow-quick">
          {quick.map((key) => {
            const s = existing(list, "severity", key);
            return (
              <li key={key}>
                {s ? (
                  <>
                    <span className="following">
                      <span aria-hidden="true">✓ </span>Following {key} <span className="muted">{channelsPhrase(s.channels)}</span>
                    </span>{" "}
                    <button type="button" className="small" disabled={busy} aria-label={`Stop following ${key}`} onClick={() => void stop(s)}>
                      Stop
                    </button>
                  </>
                ) : (
                  <button type="button" className="small" disabled={busy} onClick={() => void follow("severity", key)}>
                    Follow {key}
                  </button>
                )}
              </li>
            );
          })}
          <li>
            <FollowMore busy={busy} onFollow={follow} />
          </li>
          <li>
            <Link to="/settings/subscriptions">What you follow</Link>
          </li>
        </ul>
      ) : (
        <p className="follow-none">
          {noChannel.before} <Link to={CONTACT_PATH}>Contact methods</Link> {noChannel.after}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p role="status" className="muted follow-status">
        {status}
      </p>
    </section>
  );
}

import "./subscriptions.css";
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { api, describeProblem } from "../api/client";
import { useApp } from "../context";
import type { ContactMethod } from "./contact";
import { addedMessage, removedMessage, sortSubscriptions, summary, wordsFor, type Subscription } from "./subscriptions";
import type { SubscriptionOwner } from "./subscriptionOwners";
import { SubscriptionItem } from "./SubscriptionRow";
import { AddSubscription } from "./SubscriptionAddForm";
import { useSubscriptionNames } from "./useSubscriptionNames";

/** What an owner (you, or a team) follows, each line changeable, and the form to follow more;
 * `readOnly` shows the lines alone, for those the server would refuse changes. */
export function SubscriptionList({ owner, empty, readOnly = false }: { owner: SubscriptionOwner; empty: ReactNode; readOnly?: boolean }) {
  const { severities } = useApp();
  const [subs, setSubs] = useState<Subscription[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [methods, setMethods] = useState<ContactMethod[] | null>(null);
  const [status, setStatus] = useState("");
  const listHeading = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  const { names, services, teams, error: namesError, forget } = useSubscriptionNames(subs);
  const words = wordsFor(owner.who);
  const mine = owner.who === "me";

  useEffect(() => {
    let live = true;
    owner.list().then(({ data, error }) => {
      if (!live) return;
      if (data) setSubs(data);
      else setLoadError(describeProblem(error));
    });
    // Only to warn of channels that cannot reach you; the page works without it. A team's
    // subscriptions reach each member by their own methods, which are theirs to check.
    if (mine && !readOnly) api.GET("/api/v1/me/contact-methods").then(({ data }) => live && data && setMethods(data));
    return () => {
      live = false;
    };
  }, [owner, mine, readOnly]);

  const saved = (s: Subscription, message: string) => {
    setSubs((list) => [...(list ?? []).filter((x) => x.id !== s.id && !(x.target === s.target && x.key === s.key)), s]);
    setStatus(message);
  };

  return (
    <>
      <h3 id={headingId} ref={listHeading} tabIndex={-1}>
        {words.listHeading}
      </h3>
      {(loadError || namesError) && (
        <p role="alert" className="error">
          {loadError ?? `Services and teams could not be loaded, so they show as ids: ${namesError}`}
        </p>
      )}
      <p role="status" className="muted">
        {status}
      </p>
      {subs === null && !loadError && <p className="muted">Loading…</p>}
      {subs?.length === 0 && <p className="empty">{empty}</p>}
      {!!subs?.length && (
        <ul className="sub-list" aria-labelledby={headingId}>
          {sortSubscriptions(subs, severities, names).map((s) => (
            <SubscriptionItem
              key={s.id}
              sub={s}
              owner={owner}
              names={names}
              methods={methods}
              readOnly={readOnly}
              onSaved={(updated) => saved(updated, `Saved: ${summary(updated, names)}.`)}
              onRemoved={() => {
                setSubs((list) => (list ?? []).filter((x) => x.id !== s.id));
                setStatus(removedMessage(s, names, owner.who));
                listHeading.current?.focus();
              }}
            />
          ))}
        </ul>
      )}
      {!readOnly && (
        <AddSubscription
          owner={owner}
          subs={subs ?? []}
          methods={methods}
          choices={{ service: services, team: teams }}
          onAdded={(s, before) => {
            if (s.target === "incident") forget(s.key);
            saved(s, addedMessage(s, names, owner.who, !!before));
          }}
        />
      )}
    </>
  );
}

import "./subscriptions.css";
import { useId, useRef, useState, type ReactNode } from "react";
import { useContactMethods } from "../../api/contactMethods";
import { useApp } from "../../context";
import { QueryError, QueryState } from "../QueryState";
import { useSubscriptions } from "./api";
import { addedMessage, removedMessage, sortSubscriptions, summary, wordsFor } from "./subscriptions";
import type { SubscriptionOwner } from "./subscriptionOwners";
import { SubscriptionItem } from "./SubscriptionRow";
import { AddSubscription } from "./SubscriptionAddForm";
import { useSubscriptionNames } from "./useSubscriptionNames";

/** What an owner (you, or a team) follows, each line changeable, and the form to follow more;
 * `readOnly` shows the lines alone, for those the server would refuse changes. */
export function SubscriptionList({ owner, empty, readOnly = false }: { owner: SubscriptionOwner; empty: ReactNode; readOnly?: boolean }) {
  const { severities } = useApp();
  const query = useSubscriptions(owner);
  const subs = query.data;
  const [status, setStatus] = useState("");
  const listHeading = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  const { names, services, teams, failed } = useSubscriptionNames(subs);
  const words = wordsFor(owner.who);
  const mine = owner.who === "me";
  // Only to warn of channels that cannot reach you; the page works without it. A team's
  // subscriptions reach each member by their own methods, which are theirs to check.
  const methods = useContactMethods(mine && !readOnly).data ?? null;

  return (
    <>
      <h3 id={headingId} ref={listHeading} tabIndex={-1}>
        {words.listHeading}
      </h3>
      {failed && <QueryError error={failed.error} what="Services and teams (shown as ids meanwhile)" retry={failed.refetch} />}
      <p role="status" className="muted">
        {status}
      </p>
      <QueryState query={query} what={words.listHeading}>
        {(subs) =>
          subs.length === 0 ? (
            <p className="empty">{empty}</p>
          ) : (
            <ul className="sub-list" aria-labelledby={headingId}>
              {sortSubscriptions(subs, severities, names).map((s) => (
                <SubscriptionItem
                  key={s.id}
                  sub={s}
                  owner={owner}
                  names={names}
                  methods={methods}
                  readOnly={readOnly}
                  onSaved={(updated) => setStatus(`Saved: ${summary(updated, names)}.`)}
                  onRemoved={() => {
                    setStatus(removedMessage(s, names, owner.who));
                    listHeading.current?.focus();
                  }}
                />
              ))}
            </ul>
          )
        }
      </QueryState>
      {!readOnly && (
        <AddSubscription
          owner={owner}
          subs={subs ?? []}
          methods={methods}
          choices={{ service: services, team: teams }}
          onAdded={(s, before) => setStatus(addedMessage(s, names, owner.who, !!before))}
        />
      )}
    </>
  );
}

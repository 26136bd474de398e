import "./subscriptions.css";
import { useEffect, useRef, useState } from "react";
import { api, describeProblem } from "../api/client";
import { useApp } from "../context";
import { Link } from "../Link";
import type { ContactMethod } from "./contact";
import { removedMessage, sortSubscriptions, summary, type Subscription } from "./subscriptions";
import { SubscriptionItem, type Titles } from "./SubscriptionRow";
import { AddSubscription } from "./SubscriptionAddForm";
import { CONTACT_PATH } from "./SubscriptionChannelBoxes";

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

import { useEffect, useRef, useState } from "react";
import { api, describeProblem } from "../api/client";
import { Link } from "../Link";
import { roomPath } from "../route";
import type { ContactMethod } from "./contact";
import { channelsPhrase, targetPhrase, type Subscription } from "./subscriptions";
import { Unreachable } from "./SubscriptionChannelBoxes";
import { ChangeChannels } from "./SubscriptionChannelsEditor";

/** Incident titles by reference: a string once known, null when the incident cannot be read. */
export type Titles = Record<string, string | null>;

/** One thing you follow, with its channels, changing them and stopping following it. */
export function SubscriptionItem({
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

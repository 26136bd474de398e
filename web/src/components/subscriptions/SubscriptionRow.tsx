import { useEffect, useRef, useState } from "react";
import { describeProblem } from "../../api/client";
import { Link } from "../../Link";
import type { ContactMethod } from "../../api/contactMethods";
import { channelsPhrase, isGone, targetLink, targetNote, targetPhrase, wordsFor, type Names, type Subscription } from "./subscriptions";
import type { SubscriptionOwner } from "./subscriptionOwners";
import { Unreachable } from "./SubscriptionChannelBoxes";
import { ChangeChannels } from "./SubscriptionChannelsEditor";
import { useRemoveSubscription } from "./api";

/** One thing followed, with its channels, changing them and stopping following it (not when read only). */
export function SubscriptionItem({
  sub: s,
  owner,
  names,
  methods,
  readOnly,
  onSaved,
  onRemoved,
}: {
  sub: Subscription;
  owner: SubscriptionOwner;
  names: Names;
  methods: ContactMethod[] | null;
  readOnly: boolean;
  onSaved: (s: Subscription) => void;
  onRemoved: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const removing = useRemoveSubscription(owner);
  const busy = removing.isPending;
  const change = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  const what = targetPhrase(s, names);
  const link = targetLink(s, names);
  const note = targetNote(s, names, owner.who, readOnly);
  const words = wordsFor(owner.who);
  const id = `sub-${s.id}`;

  useEffect(() => {
    if (!editing && refocus.current) {
      refocus.current = false;
      change.current?.focus();
    }
  }, [editing]);

  async function remove() {
    try {
      await removing.mutateAsync(s.id);
      onRemoved();
    } catch (e) {
      setMessage(describeProblem(e));
    }
  }

  return (
    <li className="sub panel" aria-labelledby={id}>
      <div className="sub-head">
        <p className="sub-what" id={id}>
          {link ? <Link to={link}>{what}</Link> : <strong>{what}</strong>}
          <span className="sub-by"> — {channelsPhrase(s.channels)}</span>
        </p>
        {note && <p className="muted sub-note">{note}</p>}
      </div>
      {message && (
        <p role="alert" className="error">
          {message}
        </p>
      )}
      {readOnly ? null : editing ? (
        <ChangeChannels
          sub={s}
          what={what}
          owner={owner}
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
            {/* The server refuses a service or team that is gone, even to change channels. */}
            {!isGone(s, names) && (
              <button type="button" className="small" ref={change} onClick={() => setEditing(true)} aria-label={`Change channels for ${what}`}>
                Change channels
              </button>
            )}
            <button type="button" className="small danger" onClick={remove} disabled={busy} aria-label={words.removeLabel(what)}>
              {words.remove}
            </button>
          </div>
        </>
      )}
    </li>
  );
}

import { useId, useRef, useState } from "react";
import { describeProblem } from "../api/client";
import { QueryError } from "../components/QueryState";
import { useCalendarFeed, useMakeCalendarFeed } from "./api/profile";
import { Time } from "../Time";
import { ConfirmButton } from "../components/Confirm";
import { Field } from "../components/Field";
import { feedUrl } from "./profile";

type Feed = { token: string; my_feed: string };

/** The personal calendar feed: its secret shown once after making it, then only when it was made. */
export function ProfileCalendarFeed() {
  const feed = useCalendarFeed();
  const making = useMakeCalendarFeed();
  const createdAt = feed.data === undefined ? undefined : (feed.data.created_at ?? null);
  const [fresh, setFresh] = useState<Feed | null>(null);
  const [error, setError] = useState<string | null>(null);
  const busy = making.isPending;

  async function make() {
    setError(null);
    try {
      setFresh(await making.mutateAsync());
    } catch (e) {
      setError(describeProblem(e));
    }
  }

  return (
    <section aria-labelledby="feed-heading" className="panel">
      <h3 id="feed-heading">Your on-call calendar</h3>
      <p>Subscribe to your on-call shifts (every schedule, the next 60 days) in Google Calendar, Outlook or Apple Calendar. The feed address carries a secret of its own; it only reads your shifts.</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {fresh ? (
        <FeedSecret feed={fresh} onDone={() => setFresh(null)} />
      ) : createdAt === undefined ? (
        feed.error != null && !feed.isFetching ? <QueryError error={feed.error} what="Your feed" retry={feed.refetch} /> : <p className="muted">Loading…</p>
      ) : createdAt === null ? (
        <>
          <p className="muted">You have no feed address yet.</p>
          <button type="button" onClick={make} disabled={busy}>
            Create my feed address
          </button>
        </>
      ) : (
        <>
          <p>
            Your feed address was made <Time at={createdAt} withDate />. It is shown only when made; if you lost it, or it leaked, make a new one.
          </p>
          <ConfirmButton
            label="Make a new feed address"
            question="Make a new feed address? The current one stops working at once, and every calendar subscribed to it stops updating until you subscribe again."
            confirmLabel="Make a new address"
            onConfirm={make}
          />
        </>
      )}
      <h4>Subscribing</h4>
      <ul className="feed-help">
        <li>
          <strong>Google Calendar</strong>: Other calendars, +, From URL; paste the address. Google refreshes it on its own timetable, often every several hours.
        </li>
        <li>
          <strong>Outlook</strong>: Add calendar, Subscribe from web; paste the address.
        </li>
        <li>
          <strong>Apple Calendar</strong>: File, New Calendar Subscription.
        </li>
      </ul>
    </section>
  );
}

function FeedSecret({ feed, onDone }: { feed: Feed; onDone: () => void }) {
  const url = feedUrl(window.location.origin, feed.my_feed);
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState("");
  const id = useId();

  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setCopied("Copied to the clipboard.");
    } catch {
      input.current?.select();
      setCopied("Selected: press Ctrl+C (⌘C on a Mac) to copy.");
    }
  }

  return (
    <div className="secret feed-secret" aria-labelledby={id} role="group">
      <p id={id} className="warning">
        <strong>Copy your feed address now: it will not be shown again.</strong> Anyone who has it can read your on-call shifts.
      </p>
      <Field label="Your calendar feed address">
        {(control) => (
          <div className="copy-row">
            <input {...control} ref={input} readOnly value={url} autoFocus spellCheck={false} onFocus={(e) => e.currentTarget.select()} className="mono" />
            <button type="button" onClick={copy}>
              Copy
            </button>
          </div>
        )}
      </Field>
      <p role="status" className="muted">
        {copied}
      </p>
      <button type="button" onClick={onDone}>
        Done, I have subscribed or stored it
      </button>
    </div>
  );
}

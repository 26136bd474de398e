import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { useAdminSetup } from "../api/setup";
import { Link } from "../Link";
import { Field } from "../components/Field";
import type { FieldErrors } from "../components/forms";
import { QueryState } from "../components/QueryState";
import { useApp } from "../context";
import { useChatSettings, useSaveChatSettings, type ChatSettings } from "./api/chat";
import { CHAT_LIMITS, channelNamePreview, chatBody, chatForm, checkChatForm, placeChatErrors, reminderCadences, sampleIncident, type ChatForm, type SeverityRow } from "./chat";
import { anyChannels, platformLines } from "./chatPlatforms";
import { ChatSeverityChannels } from "./ChatSeverityChannels";

type ServerErrors = { fields: FieldErrors; message: string | null };
const NONE: ServerErrors = { fields: {}, message: null };

/** How a platform's link reads. The guides are named as the app's other messages name the docs:
 * Goldseam serves no copy of them, so each is the file in Goldseam's repository. */
const LINK_LABEL = { connected: "Connected", waiting: "Waiting", not_configured: "Not set up" } as const;

/** Settings → Chat (admins): which platforms are connected, where incidents are announced, whether each incident gets a
 * channel of its own and what it is called, the emoji that pins, and when channels are archived.
 * Reminders follow each severity's status-update cadence, shown here and set with the severities. */
export function ChatSection() {
  const { isAdmin } = useApp();
  const settings = useChatSettings();
  const setup = useAdminSetup(isAdmin);
  return (
    <section aria-labelledby="chat-heading">
      <h2 id="chat-heading">Chat</h2>
      <p className="muted">
        Goldseam works in chat too: it announces each incident in a channel everyone can read and keeps that post up to date, opens a channel for each incident whose messages
        are mirrored with the room both ways, and answers <code>/inc</code> from anywhere, in Slack or Mattermost. Microsoft Teams gets the announcements.
      </p>
      {setup.data && (
        <ul className="chat-platforms" aria-label="Chat platforms">
          {platformLines(setup.data.chat).map((p) => (
            <li key={p.name} className={p.link === "waiting" ? "notice" : undefined}>
              <strong>{p.name}</strong> <span className={`chat-link chat-link-${p.link}`}>{LINK_LABEL[p.link]}</span> {p.says} Guide: <code>{p.docs}</code>.
            </li>
          ))}
        </ul>
      )}
      {setup.data && !anyChannels(setup.data.chat) && (
        <p className="muted">Neither Slack nor Mattermost is set up yet. These settings are kept and apply once one is.</p>
      )}
      <QueryState query={settings} what="The chat settings">
        {/* Not keyed by the answer: a refetch must not throw away what is being typed. */}
        {(s) => <ChatSettingsForm initial={s} />}
      </QueryState>
    </section>
  );
}

function ChatSettingsForm({ initial }: { initial: ChatSettings }) {
  const app = useApp();
  const severities = useMemo(() => [...app.severities].sort((a, b) => a.rank - b.rank), [app.severities]);
  const order = severities.map((s) => s.key);
  const save = useSaveChatSettings();
  const [form, setForm] = useState<ChatForm>(() => chatForm(initial, order));
  // After a first try, the form's own checks follow every change; the server's answer stands until the next change.
  const [tried, setTried] = useState(false);
  const [server, setServer] = useState<ServerErrors>(NONE);
  const [status, setStatus] = useState("");
  const root = useRef<HTMLFormElement>(null);
  const focus = useRef<string | null>(null);
  const errors: FieldErrors = { ...(tried ? checkChatForm(form) : {}), ...server.fields };
  const bad = Object.keys(errors).length;
  const summary = [server.message, bad ? `Check ${bad === 1 ? "the field" : `the ${bad} fields`} marked below.` : null].filter(Boolean).join(" ") || null;
  const [now] = useState(() => new Date());
  const sample = sampleIncident(order, now);
  const preview = channelNamePreview(form.template, sample);

  // The keyboard follows what was added, removed or refused.
  useEffect(() => {
    const want = focus.current;
    if (!want || !root.current) return;
    focus.current = null;
    const el = want === "error" ? root.current.querySelector<HTMLElement>('[aria-invalid="true"]') : root.current.querySelector<HTMLElement>(`[data-focus="${want}"]`);
    el?.focus();
  });

  const update = (change: Partial<ChatForm>) => {
    setForm((f) => ({ ...f, ...change }));
    setServer(NONE);
    setStatus("");
  };
  const setAnnouncementRows = (rows: SeverityRow[], want: string) => {
    if (want) focus.current = want;
    update({ announcementRows: rows });
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    setServer(NONE);
    setStatus("");
    if (Object.keys(checkChatForm(form)).length) {
      focus.current = "error";
      return;
    }
    const sent = form;
    let saved: ChatSettings;
    try {
      saved = await save.mutateAsync(chatBody(sent));
    } catch (error) {
      setServer(placeChatErrors(error, sent));
      focus.current = "error";
      return;
    }
    setForm(chatForm(saved, order));
    setTried(false);
    setStatus("The chat settings are saved. Incidents from now on follow them.");
  }

  return (
    <form ref={root} className="panel settings-form dist-form chat-form" aria-label="Chat settings" onSubmit={submit} noValidate>
      {summary && (
        <p role="alert" className="error">
          {summary}
        </p>
      )}
      <fieldset>
        <legend>Announcements</legend>
        <p className="muted">Each incident is posted once in its announcement channel, and the post is edited as the incident changes. Private incidents are never announced.</p>
        <Field
          label="Announcement channel"
          hint="The channel's id: in Slack, such as C0123ABCD, at the bottom of the channel's details; in Mattermost, 26 letters and digits, under View Info. Leave it empty to announce only the severities given a channel below."
          error={errors.announcement_channel}
        >
          {(c) => <input {...c} data-focus="announcement-channel" autoComplete="off" spellCheck={false} value={form.announcementChannel} onChange={(e) => update({ announcementChannel: e.target.value })} />}
        </Field>
        <ChatSeverityChannels rows={form.announcementRows} severities={severities} errors={errors} onChange={setAnnouncementRows} />
      </fieldset>

      <fieldset>
        <legend>Incident channels</legend>
        <label className="inline">
          <input type="checkbox" checked={form.incidentChannels} onChange={(e) => update({ incidentChannels: e.target.checked })} /> Open a channel for each incident
        </label>
        <p className="muted">
          Responders are invited as they join; what is said there shows in the room and what happens in the room is posted there. The settings below apply to these channels.
        </p>
        <Field
          label="Channel name"
          hint={
            <>
              <p>
                Write <code>{"{number}"}</code> or <code>{"{reference}"}</code> (so two incidents never want the same name), and any of <code>{"{title}"}</code>,{" "}
                <code>{"{severity}"}</code>, <code>{"{date}"}</code>. Slack allows lowercase letters, digits, - and _: anything else becomes -, and names stop at 80 characters.
              </p>
              <p className="chat-preview">
                {"name" in preview ? (
                  <>
                    Preview: <strong>#{preview.name}</strong> for INC-{sample.number} “{sample.title}”, {sample.severity}, declared {sample.date}
                  </>
                ) : errors.channel_name_template ? (
                  <>No preview until the name is fixed.</>
                ) : (
                  <>No preview: {preview.problem}.</>
                )}
              </p>
            </>
          }
          error={errors.channel_name_template}
        >
          {(c) => <input {...c} autoComplete="off" spellCheck={false} value={form.template} onChange={(e) => update({ template: e.target.value })} />}
        </Field>
        <div className="form-grid">
          <Field label="Pin emoji" hint="Reacting with it to a message in an incident's channel pins that message in the room; removing the reaction unpins it." error={errors.pin_emoji}>
            {(c) => <input {...c} autoComplete="off" spellCheck={false} value={form.pinEmoji} onChange={(e) => update({ pinEmoji: e.target.value })} />}
          </Field>
          <Field label="Archive after (days)" hint={`After the incident is closed or canceled: 0 to ${CHAT_LIMITS.maxArchiveDays}; 0 archives it at once.`} error={errors.archive_after_days} className="dist-days">
            {(c) => (
              <input {...c} type="number" inputMode="numeric" min={0} max={CHAT_LIMITS.maxArchiveDays} value={form.archiveDays} onChange={(e) => update({ archiveDays: e.target.value })} />
            )}
          </Field>
        </div>
      </fieldset>

      <Reminders />

      <div className="actions">
        <button type="submit" disabled={save.isPending}>
          Save chat settings
        </button>
      </div>
      <p role="status" className="muted">
        {status}
      </p>
    </form>
  );
}

/** Reminders are not set here: they follow each severity's status-update cadence, the one the
 * dashboard flags overdue incidents by, so this says what it is and where it is changed. */
function Reminders() {
  const { severities } = useApp();
  const cadences = reminderCadences(severities);
  return (
    <section className="chat-reminders" aria-labelledby="chat-reminders-heading">
      <h3 id="chat-reminders-heading">Status-update reminders</h3>
      <p className="muted">
        When an open incident goes without a status update for its severity&apos;s cadence, its incident manager is reminded in the incident&apos;s channel, and again after each
        further period. The cadence is the one the dashboard flags overdue incidents by: change it in <Link to="/settings/severities">Severities</Link>.
      </p>
      <ul>
        {cadences.map((c) => (
          <li key={c.key}>
            <strong>{c.key}</strong> ({c.name}): {c.every ?? "no reminders (no status-update cadence)"}
          </li>
        ))}
      </ul>
    </section>
  );
}

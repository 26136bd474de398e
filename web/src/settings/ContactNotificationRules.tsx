import { useState, type FormEvent } from "react";
import { splitProblem } from "../components/forms";
import { QueryError } from "../components/QueryState";
import { useNotificationRules, useSaveNotificationRules } from "./api/notificationRules";
import { ContactRuleRow } from "./ContactRuleRow";
import { fromDrafts, MAX_DELAY, MAX_RULES, move, rulesSummary, toDrafts, type ContactMethod, type NotificationRule, type RuleDraft } from "./contact";

// Draft rows need keys unique for the page's life, nothing more.
let lastKey = 0;
const nextKey = () => ++lastKey;

/** The notification rules editor: which verified method is used, how long after a page starts, for which urgency. */
export function ContactNotificationRules({ methods }: { methods: ContactMethod[] }) {
  const query = useNotificationRules();
  const saveRules = useSaveNotificationRules();
  const saved: NotificationRule[] | null = query.data?.rules ?? null;
  const [drafts, setDrafts] = useState<RuleDraft[]>([]);
  // The drafts start from the saved rules once they arrive.
  const [loaded, setLoaded] = useState(false);
  if (saved && !loaded) {
    setLoaded(true);
    setDrafts(toDrafts(saved, nextKey));
  }
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const busy = saveRules.isPending;
  const verified = methods.filter((m) => m.verified);

  const parsed = fromDrafts(drafts, methods);
  const dirty = saved !== null && JSON.stringify(parsed.rules) !== JSON.stringify(saved.map((r) => ({ contact_method_id: r.contact_method_id, delay_minutes: r.delay_minutes, ...(r.urgency ? { urgency: r.urgency } : {}) })));
  const update = (key: number, change: Partial<RuleDraft>) => setDrafts((list) => list.map((d) => (d.key === key ? { ...d, ...change } : d)));

  function add() {
    const last = drafts[drafts.length - 1];
    const unused = verified.find((m) => !drafts.some((d) => d.contact_method_id === m.id)) ?? verified[0];
    setDrafts((list) => [...list, { key: nextKey(), contact_method_id: unused.id, delay: last ? String(Math.min(MAX_DELAY, Number(last.delay) + 5 || 5)) : "0", urgency: "" }]);
    setStatus("");
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    setStatus("");
    if (Object.keys(parsed.errors).length) {
      setErrors(parsed.errors);
      setError("Check the rules marked below.");
      return;
    }
    try {
      const data = await saveRules.mutateAsync({ rules: parsed.rules });
      setErrors({});
      setError(null);
      setDrafts(toDrafts(data.rules, nextKey));
      setStatus(`Saved. ${rulesSummary(data.rules, methods)}`);
    } catch (error) {
      const fields = drafts.flatMap((_, i) => [`rules[${i}].delay_minutes`, `rules[${i}].contact_method_id`, `rules[${i}].urgency`]);
      const split = splitProblem(error, fields);
      setErrors(split.fields);
      setError(split.message ?? "Check the rules marked below.");
    }
  }

  return (
    <form onSubmit={save} aria-labelledby="rules-heading" className="panel settings-form rules" noValidate>
      <h3 id="rules-heading">Notification rules</h3>
      <p className="muted">
        When you are paged, each rule fires once its delay has passed, until someone acknowledges the page. With no rules, pages go to your account email at once.
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {saved === null && (query.error != null && !query.isFetching ? <QueryError error={query.error} what="Your notification rules" retry={query.refetch} /> : <p className="muted">Loading…</p>)}
      {saved !== null && (
        <>
          <p className="summary">
            <strong>{dirty ? "With these changes:" : "Now:"}</strong> {Object.keys(parsed.errors).length ? "finish the rules below to see what they do." : rulesSummary(parsed.rules, methods)}
          </p>
          {verified.length === 0 && <p className="notice">Verify a contact method above to use it in a rule.</p>}
          {drafts.length > 0 && (
            <ol className="rule-list">
              {drafts.map((d, i) => (
                <ContactRuleRow
                  key={d.key}
                  index={i}
                  count={drafts.length}
                  draft={d}
                  methods={verified}
                  allMethods={methods}
                  errors={{ method: errors[`rules[${i}].contact_method_id`], delay: errors[`rules[${i}].delay_minutes`], urgency: errors[`rules[${i}].urgency`] }}
                  onChange={(change) => update(d.key, change)}
                  onMove={(by) => setDrafts((list) => move(list, i, by))}
                  onRemove={() => setDrafts((list) => list.filter((x) => x.key !== d.key))}
                />
              ))}
            </ol>
          )}
          <div className="actions">
            <button type="button" onClick={add} disabled={!verified.length || drafts.length >= MAX_RULES}>
              Add a rule
            </button>
            <button type="submit" disabled={busy || (!dirty && !Object.keys(errors).length)}>
              Save rules
            </button>
          </div>
          {drafts.length >= MAX_RULES && <p className="muted">You have the most rules allowed ({MAX_RULES}).</p>}
        </>
      )}
      <p role="status" className="muted">
        {status}
      </p>
    </form>
  );
}

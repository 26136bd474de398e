import type { AudienceKind, Rendering } from "../api/distribution";
import type { Team } from "../api/lists";
import { Field } from "../components/Field";
import type { FieldErrors } from "../components/forms";
import { AUDIENCE_KINDS, audienceField, isPeople, type AudienceRow } from "./distribution";

/** One audience of a distribution rule: who (and the team, address, channel or URL that kind
 * needs), what they get, and whether it is required reading (people only). */
export function DistributionAudience({
  audience: a,
  number,
  ruleLabel,
  teams,
  errors,
  onChange,
  onRemove,
}: {
  audience: AudienceRow;
  /** Its place in the rule (from 1). */
  number: number;
  /** "Rule 2: Leadership": the audience's full name ("Audience 1 of Rule 2: Leadership") names
   * its legend and its Remove button. */
  ruleLabel: string;
  /** Undefined while the teams load (or when they could not be). */
  teams: Team[] | undefined;
  errors: FieldErrors;
  onChange: (change: Partial<AudienceRow>) => void;
  onRemove: () => void;
}) {
  const label = `Audience ${number} of ${ruleLabel}`;
  const error = (field: string) => errors[audienceField(a.uid, field)];
  // A team that was deleted stays shown, so the choice can be seen and changed.
  const teamKnown = !a.teamId || teams?.some((t) => String(t.id) === a.teamId);
  return (
    <fieldset className="dist-audience">
      {/* Seen inside its rule, it is "Audience 2"; read out alone, it names its rule too. */}
      <legend>
        Audience {number}{" "}
        <span className="visually-hidden">of {ruleLabel}</span>
      </legend>
      <div className="form-row">
        <Field label="Who" error={error("kind")} className="grow">
          {(c) => (
            <select {...c} data-focus={`audience-${a.uid}`} value={a.kind} onChange={(e) => onChange({ kind: e.target.value as AudienceKind })}>
              {AUDIENCE_KINDS.map((k) => (
                <option key={k.kind} value={k.kind}>
                  {k.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {a.kind === "team" && (
          <Field label="Team" error={error("team_id")} hint={teams === undefined ? "Loading the teams…" : teams.length === 0 ? "There are no teams yet: add them on the Teams page." : undefined} className="grow">
            {(c) => (
              <select {...c} value={a.teamId} onChange={(e) => onChange({ teamId: e.target.value })}>
                <option value="">Choose a team</option>
                {!teamKnown && <option value={a.teamId}>A deleted team (#{a.teamId})</option>}
                {teams?.map((t) => (
                  <option key={t.id} value={String(t.id)}>
                    {t.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {a.kind === "mailing_list" && (
          <Field label="Email address" error={error("address")} className="grow">
            {(c) => <input {...c} type="email" autoComplete="off" spellCheck={false} value={a.address} onChange={(e) => onChange({ address: e.target.value })} />}
          </Field>
        )}
        {a.kind === "slack_channel" && (
          <Field label="Slack channel id" hint="Such as C0123ABCD: the channel's details in Slack show it." error={error("channel")} className="grow">
            {(c) => <input {...c} autoComplete="off" spellCheck={false} value={a.channel} onChange={(e) => onChange({ channel: e.target.value })} />}
          </Field>
        )}
        {a.kind === "webhook" && (
          <Field label="Webhook URL" hint="http:// or https://" error={error("url")} className="grow">
            {(c) => <input {...c} type="url" autoComplete="off" spellCheck={false} value={a.url} onChange={(e) => onChange({ url: e.target.value })} />}
          </Field>
        )}
        <Field label="They get" error={error("rendering")} className="grow">
          {(c) => (
            <select {...c} value={a.rendering} onChange={(e) => onChange({ rendering: e.target.value as Rendering })}>
              <option value="full">The whole postmortem</option>
              <option value="summary">Its executive summary</option>
            </select>
          )}
        </Field>
      </div>
      {isPeople(a.kind) ? (
        <>
          <label className="inline">
            <input type="checkbox" checked={a.required} onChange={(e) => onChange({ required: e.target.checked })} aria-invalid={error("required") ? true : undefined} />
            Required reading: reminded until they acknowledge it
          </label>
          {error("required") && <p className="error field-error">{error("required")}</p>}
        </>
      ) : (
        <p className="muted field-hint">Lists, channels and webhooks are sent the postmortem; nobody's reading can be tracked there, so it cannot be required.</p>
      )}
      <div className="actions">
        <button type="button" className="small danger" aria-label={`Remove ${label}`} onClick={onRemove}>
          Remove audience
        </button>
      </div>
    </fieldset>
  );
}

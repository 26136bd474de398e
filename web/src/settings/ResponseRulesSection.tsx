import "./escalation.css";
import { useMemo, useState } from "react";
import { describeProblem } from "../api/client";
import { useDirectory } from "../api/people";
import { ConfirmButton } from "../components/Confirm";
import { splitProblem } from "../components/forms";
import { QueryError } from "../components/QueryState";
import { useApp } from "../context";
import { Link } from "../Link";
import { useDeleteResponseRule, useResponseRules, useSaveResponseRule } from "./api/responseRules";
import { useReturnFocus } from "../components/useReturnFocus";
import { useResponseCatalog } from "./escalationCatalog";
import { RulesEditor, type RuleOutcome } from "./RulesEditor";
import { RulesIncidentManagerPanel } from "./RulesIncidentManagerPanel";
import { RulesPreviewPanel } from "./RulesPreviewPanel";
import { awaitedWarning, emptyRuleForm, RULE_LABELS, ruleBody, ruleFieldOf, ruleForm, ruleSentence, type ResponseRule, type RuleForm, type RuleNames } from "./rules";

const FIELDS = Object.keys(RULE_LABELS);

/** Who is pulled in when an incident is declared: the incident manager on call, and the response rules. */
export function ResponseRulesSection() {
  const { types, severities } = useApp();
  const catalog = useResponseCatalog();
  const { everyone: people, names: userNames } = useDirectory();
  const rulesQuery = useResponseRules();
  const rules = rulesQuery.data ?? null;
  const saveRule = useSaveResponseRule();
  const deleteRule = useDeleteResponseRule();
  const [editing, setEditing] = useState<number | "new" | null>(null);
  const [status, setStatus] = useState("");
  const [refusals, setRefusals] = useState<Record<number, string>>({});
  const { opener, closed } = useReturnFocus();

  const names: RuleNames = useMemo(
    () => ({
      types: new Map(types.map((t) => [t.key, t.name])),
      teams: new Map(catalog.teams.map((t) => [t.id, t.name])),
      users: userNames,
      services: new Map(catalog.services.map((s) => [s.id, s.name])),
    }),
    [types, catalog.teams, catalog.services, userNames],
  );

  async function save(form: RuleForm, id: number | null): Promise<RuleOutcome> {
    const body = ruleBody(form);
    let rule: ResponseRule;
    try {
      rule = await saveRule.mutateAsync({ id, body });
    } catch (error) {
      const problem = (error ?? {}) as { status?: number; detail?: string; errors?: { field: string; message: string }[] };
      return splitProblem({ status: problem.status, detail: problem.detail, errors: problem.errors?.map((e) => ({ ...e, field: ruleFieldOf(e.field) })) }, FIELDS);
    }
    setStatus(id === null ? `${rule.name} is added, last in order.` : `${rule.name} is saved.`);
    return null;
  }

  async function setEnabled(rule: ResponseRule, enabled: boolean) {
    const body = { ...ruleBody(ruleForm(rule)), enabled };
    try {
      await saveRule.mutateAsync({ id: rule.id, body });
    } catch (error) {
      setRefusals((r) => ({ ...r, [rule.id]: `${rule.name} was not changed: ${describeProblem(error)}` }));
      return;
    }
    setStatus(enabled ? `${rule.name} is on: it applies to new incidents.` : `${rule.name} is off: it no longer applies to new incidents.`);
  }

  async function remove(rule: ResponseRule) {
    try {
      await deleteRule.mutateAsync(rule.id);
      setStatus(`${rule.name} is deleted.`);
      closed("+add");
    } catch (error) {
      setRefusals((r) => ({ ...r, [rule.id]: `${rule.name} was not deleted: ${describeProblem(error)}` }));
    }
  }

  const stop = (key: string) => {
    setEditing(null);
    closed(key);
  };

  return (
    <section aria-labelledby="rules-heading" className="rules">
      <h2 id="rules-heading">Response rules</h2>
      <p className="muted">
        When an incident is declared, Goldseam brings in the incident manager on call and whoever the matching rules name, by itself. Every matching rule applies; what they do adds
        up.
      </p>
      <p role="status" className="muted">
        {status}
      </p>
      {rulesQuery.error != null && !rulesQuery.isFetching && <QueryError error={rulesQuery.error} what="The rules" retry={rulesQuery.refetch} />}
      {catalog.failed && <QueryError error={catalog.failed.error} what="Schedules, teams, services or policies" retry={catalog.failed.retry} />}

      <RulesIncidentManagerPanel catalog={catalog} />

      <h3 id="rules-list-heading">Rules</h3>
      {rules === null ? (
        rulesQuery.error == null && <p className="muted">Loading…</p>
      ) : rules.length === 0 && editing !== "new" ? (
        <p className="empty-state">
          No response rules yet. Add one below, for example: when the type is Security, page the Security team, inform the Legal and PR teams and make the incident private.
        </p>
      ) : (
        <ol className="rules-list" aria-labelledby="rules-list-heading">
          {rules.map((r, i) =>
            editing === r.id ? (
              <li key={r.id}>
                <RulesEditor
                  initial={ruleForm(r)}
                  title={`Edit ${r.name}`}
                  catalog={catalog}
                  people={people}
                  names={names}
                  onSave={async (form) => {
                    const outcome = await save(form, r.id);
                    if (!outcome) stop(`edit-${r.id}`);
                    return outcome;
                  }}
                  onCancel={() => stop(`edit-${r.id}`)}
                />
              </li>
            ) : (
              <li key={r.id} className={`panel rule-card${r.enabled ? "" : " off"}`} aria-labelledby={`rule-${r.id}`}>
                <h4 id={`rule-${r.id}`}>
                  <span className="order">{i + 1}.</span>
                  {r.name}
                  {!r.enabled && <span className="badge">Off</span>}
                </h4>
                <p className="summary">{ruleSentence(r, names)}</p>
                {awaitedWarning(r) && (
                  <p className="warning">
                    <span aria-hidden="true">⚠ </span>
                    {awaitedWarning(r)} <Link to="/teams">Teams</Link>
                  </p>
                )}
                {refusals[r.id] && (
                  <p role="alert" className="error">
                    {refusals[r.id]}
                  </p>
                )}
                <div className="actions">
                  <button type="button" ref={opener(`edit-${r.id}`)} aria-label={`Edit ${r.name}`} onClick={() => setEditing(r.id)}>
                    Edit
                  </button>
                  <button type="button" aria-label={`${r.enabled ? "Turn off" : "Turn on"} ${r.name}`} onClick={() => setEnabled(r, !r.enabled)}>
                    {r.enabled ? "Turn off" : "Turn on"}
                  </button>
                  <ConfirmButton
                    label="Delete"
                    aria-label={`Delete ${r.name}`}
                    question={`Delete ${r.name}? New incidents no longer get what it does; incidents already declared keep it.`}
                    confirmLabel={`Delete ${r.name}`}
                    onConfirm={() => remove(r)}
                  />
                </div>
              </li>
            ),
          )}
        </ol>
      )}
      {editing === "new" ? (
        <RulesEditor
          initial={emptyRuleForm()}
          title="Add a response rule"
          catalog={catalog}
          people={people}
          names={names}
          onSave={async (form) => {
            const outcome = await save(form, null);
            if (!outcome) stop("+add");
            return outcome;
          }}
          onCancel={() => stop("+add")}
        />
      ) : (
        <button type="button" ref={opener("+add")} onClick={() => setEditing("new")} disabled={rules === null}>
          Add a response rule
        </button>
      )}

      <RulesPreviewPanel catalog={catalog} severities={severities} />
    </section>
  );
}

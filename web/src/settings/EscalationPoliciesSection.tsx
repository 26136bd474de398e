import "./escalation.css";
import { useState } from "react";
import { splitProblem } from "../components/forms";
import { QueryError } from "../components/QueryState";
import { useReturnFocus } from "../components/useReturnFocus";
import { emptyPolicyForm, isNameConflict, policyBody, policyFieldOf, policyForm, type Policy, type PolicyForm } from "./escalation";
import { useDeletePolicy, useSavePolicy } from "./api/escalationPolicies";
import { useResponseCatalog } from "./escalationCatalog";
import { EscalationPolicyCard } from "./EscalationPolicyCard";
import { PolicyEditor, type Outcome } from "./EscalationPolicyEditor";

/** Who is woken, in what order, until someone acknowledges. */
export function EscalationPoliciesSection() {
  const catalog = useResponseCatalog();
  const savePolicy = useSavePolicy();
  const deletePolicy = useDeletePolicy();
  const [editing, setEditing] = useState<number | "new" | null>(null);
  const [status, setStatus] = useState("");
  const [refusals, setRefusals] = useState<Record<number, string>>({});
  const { opener, closed } = useReturnFocus();
  const policies = catalog.loaded ? catalog.policies : null;
  const list = policies ?? [];

  async function save(form: PolicyForm, id: number | null): Promise<Outcome> {
    const body = policyBody(form);
    let data: Policy;
    try {
      data = await savePolicy.mutateAsync({ id, body });
    } catch (error) {
      const problem = (error ?? {}) as { status?: number; detail?: string; errors?: { field: string; message: string }[] };
      const normalized = { ...problem, errors: problem.errors?.map((e) => ({ ...e, field: policyFieldOf(e.field) })) };
      return splitProblem(normalized, fieldNames(form), isNameConflict(problem.detail) ? "name" : undefined);
    }
    setStatus(id === null ? `${data.name} is added. Choose it as a team's escalation policy on the team's page.` : `${data.name} is saved.`);
    return null;
  }

  async function remove(p: Policy) {
    try {
      await deletePolicy.mutateAsync(p.id);
      setRefusals((r) => Object.fromEntries(Object.entries(r).filter(([k]) => Number(k) !== p.id)));
      setStatus(`${p.name} is deleted.`);
      closed("+add");
    } catch (error) {
      const detail = (error as { detail?: string } | undefined)?.detail ?? "It could not be deleted; try again.";
      setRefusals((r) => ({ ...r, [p.id]: `${p.name} was not deleted: ${/[.!?]$/.test(detail) ? detail : `${detail}.`}` }));
    }
  }

  const stop = (key: string) => {
    setEditing(null);
    closed(key);
  };

  return (
    <section aria-labelledby="escalation-heading" className="escalation">
      <h2 id="escalation-heading">Escalation policies</h2>
      <p className="muted">
        Who is woken, and in what order, when a team is paged: each level notifies its people a number of minutes after the level before it, until someone acknowledges. A team uses
        the policy chosen on its page.
      </p>
      <p role="status" className="muted">
        {status}
      </p>
      {catalog.failed && <QueryError error={catalog.failed.error} what="Schedules, teams, services or policies" retry={catalog.failed.retry} />}
      {policies === null ? (
        !catalog.failed && <p className="muted">Loading…</p>
      ) : list.length === 0 && editing !== "new" ? (
        <p className="empty-state">No escalation policies yet. Add one below, then choose it as a team's escalation policy on the team's page.</p>
      ) : (
        <ul className="escalation-list">
          {list.map((p) =>
            editing === p.id ? (
              <li key={p.id} className="editing">
                <PolicyEditor
                  initial={policyForm(p)}
                  selfId={p.id}
                  title={`Edit ${p.name}`}
                  catalog={catalog}
                  onSave={async (form) => {
                    const outcome = await save(form, p.id);
                    if (!outcome) stop(`edit-${p.id}`);
                    return outcome;
                  }}
                  onCancel={() => stop(`edit-${p.id}`)}
                />
              </li>
            ) : (
              <EscalationPolicyCard
                key={p.id}
                policy={p}
                refusal={refusals[p.id]}
                editRef={opener(`edit-${p.id}`)}
                onEdit={() => setEditing(p.id)}
                onDelete={() => remove(p)}
              />
            ),
          )}
        </ul>
      )}
      {editing === "new" ? (
        <PolicyEditor
          initial={emptyPolicyForm()}
          title="Add an escalation policy"
          catalog={catalog}
          onSave={async (form) => {
            const outcome = await save(form, null);
            if (!outcome) stop("+add");
            return outcome;
          }}
          onCancel={() => stop("+add")}
        />
      ) : (
        <button type="button" ref={opener("+add")} onClick={() => setEditing("new")} disabled={policies === null}>
          Add an escalation policy
        </button>
      )}
    </section>
  );
}

function fieldNames(form: PolicyForm): string[] {
  return ["name", "levels", ...form.levels.flatMap((_, i) => [`levels[${i}].delay_minutes`, `levels[${i}].targets`]), "repeat", "repeat_after_minutes"];
}

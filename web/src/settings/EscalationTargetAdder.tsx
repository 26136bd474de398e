import { useId, useState } from "react";
import { useDirectory } from "../api/people";
import { PersonPicker } from "../components/PersonPicker";
import { choicesFor, TARGET_KINDS, type LevelForm, type TargetKind } from "./escalation";
import type { ResponseCatalog } from "./escalationCatalog";

/** Adds a person, a schedule, a team or a hand-over to a level. */
export function TargetAdder({ index, level, selfId, catalog, errorId, onAdd }: { index: number; level: LevelForm; selfId?: number; catalog: ResponseCatalog; errorId?: string; onAdd: (t: { type: TargetKind; id: number; name: string | null }) => void }) {
  const id = useId();
  const people = useDirectory().everyone;
  const [kind, setKind] = useState<TargetKind>("user");
  const [choice, setChoice] = useState("");
  const n = index + 1;
  const items: { id: number; name: string }[] = kind === "schedule" ? catalog.schedules : kind === "team" ? catalog.teams : kind === "policy" ? catalog.policies : [];
  const choices = choicesFor(items, kind, level, selfId);
  const noun = kind === "schedule" ? "schedule" : kind === "team" ? "team" : "policy";
  const empty = kind === "schedule" ? "There are no schedules yet: add one on the On-call page." : kind === "team" ? "There are no teams yet: add one on the Teams page." : "There is no other policy to hand over to.";

  return (
    <div className="target-adder">
      <div className="field">
        <label htmlFor={`${id}-kind`}>Add to level {n}</label>
        <select
          id={`${id}-kind`}
          value={kind}
          aria-describedby={errorId}
          onChange={(e) => {
            setKind(e.target.value as TargetKind);
            setChoice("");
          }}
        >
          {TARGET_KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
      </div>
      {kind === "user" ? (
        <div className="field grow">
          <span className="label" aria-hidden="true">
            Person
          </span>
          <PersonPicker
            label={`Person to add to level ${n}`}
            people={people.filter((p) => p.active !== false && !level.targets.some((t) => t.type === "user" && t.id === p.id))}
            onPick={(u) => onAdd({ type: "user", id: u.id, name: u.name })}
          />
        </div>
      ) : choices.length === 0 ? (
        <p className="muted grow">{items.some((x) => !(kind === "policy" && x.id === selfId)) ? `Every ${noun} is already on this level.` : empty}</p>
      ) : (
        <div className="field grow choose">
          <label htmlFor={`${id}-choice`}>{kind === "policy" ? `Policy level ${n} hands over to` : `${noun[0].toUpperCase()}${noun.slice(1)} to add to level ${n}`}</label>
          <div className="copy-row">
            <select id={`${id}-choice`} value={choice} onChange={(e) => setChoice(e.target.value)}>
              <option value="">Choose a {noun}…</option>
              {choices.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
            <button
              type="button"
              disabled={!choice}
              onClick={() => {
                const picked = choices.find((x) => String(x.id) === choice);
                if (picked) onAdd({ type: kind, id: picked.id, name: picked.name });
                setChoice("");
              }}
            >
              Add
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

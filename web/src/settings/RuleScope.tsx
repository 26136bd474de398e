import { useApp } from "../context";
import { CheckGroup } from "./RulesChoices";

/** Which incidents a policy rule matches: the severities and types ticked (none ticked: all). Shared
 * by the distribution and learning policies, whose rules match incidents the same way. */
export function RuleScope({
  severities,
  types,
  onChange,
  severityError,
  typeError,
}: {
  severities: string[];
  types: string[];
  onChange: (change: { severities?: string[]; types?: string[] }) => void;
  severityError: string | undefined;
  typeError: string | undefined;
}) {
  const app = useApp();
  return (
    <>
      <CheckGroup
        legend="Severities"
        hint="None ticked: every severity."
        options={[...app.severities].sort((a, b) => a.rank - b.rank).map((s) => ({ value: s.key, label: `${s.key} (${s.name})` }))}
        selected={severities}
        onChange={(next) => onChange({ severities: next })}
        error={severityError}
        empty="There are no severities."
      />
      <CheckGroup
        legend="Incident types"
        hint="None ticked: every type."
        options={app.types.map((t) => ({ value: t.key, label: t.name }))}
        selected={types}
        onChange={(next) => onChange({ types: next })}
        error={typeError}
        empty="There are no incident types."
      />
    </>
  );
}

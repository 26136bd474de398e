/** Placeholder until the section is built. */
export function EscalationPoliciesSection() {
  return <h2>EscalationPoliciesSection</h2>;
}

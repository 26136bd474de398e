/** Placeholder until the section is built. */
export function ResponseRulesSection() {
  return <h2>ResponseRulesSection</h2>;
}

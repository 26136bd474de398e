/** Placeholder until the section is built. */
export function DeadLettersSection() {
  return <h2>DeadLettersSection</h2>;
}

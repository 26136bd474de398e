/** Placeholder until the section is built. */
export function ContactMethodsSection() {
  return <h2>ContactMethodsSection</h2>;
}

/** Placeholder until the section is built. */
export function ProfileSection() {
  return <h2>ProfileSection</h2>;
}

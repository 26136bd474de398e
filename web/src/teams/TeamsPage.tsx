/** Teams and who is in them. */
export function TeamsPage() {
  return <h1>TeamsPage</h1>;
}

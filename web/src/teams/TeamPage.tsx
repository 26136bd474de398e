/** One team: members, schedule, escalation policy, services. */
export function TeamPage({ id }: { id: number }) {
  return <h1>Team {id}</h1>;
}

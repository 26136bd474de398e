/** One schedule: its layers, overrides and a timeline of the coming shifts. */
export function SchedulePage({ id }: { id: number }) {
  return <h1>Schedule {id}</h1>;
}

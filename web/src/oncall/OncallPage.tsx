/** On-call schedules, with who is on call now in each. */
export function OncallPage() {
  return <h1>On-call</h1>;
}

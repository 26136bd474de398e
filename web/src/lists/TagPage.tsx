/** Incidents with one tag. */
export function TagPage({ tag }: { tag: string }) {
  return <h1>#{tag}</h1>;
}

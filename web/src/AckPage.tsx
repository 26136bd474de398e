/** The page an acknowledgement link in a page email opens; works without signing in. */
export function AckPage({ token }: { token: string }) {
  return <main className="narrow">Acknowledge {token.slice(0, 4)}…</main>;
}

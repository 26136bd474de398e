import { useState, type FormEvent } from "react";
import { describeProblem, type Session } from "./api/client";
import { useSignIn } from "./api/session";

export function Login({ onSignedIn, expired }: { onSignedIn: (s: Session) => void; expired: boolean }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const signIn = useSignIn();

  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      onSignedIn(await signIn.mutateAsync({ email, password }));
    } catch (e) {
      setError(describeProblem(e));
    }
  }

  return (
    <main className="narrow">
      <h1>Goldseam</h1>
      {expired && (
        <p role="alert">Your session has expired. Sign in again to carry on; you will come back to the page you were on.</p>
      )}
      <form onSubmit={submit} aria-label="Sign in">
        <label>
          Email
          <input type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </label>
        <label>
          Password
          <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {error && <p role="alert" className="error">{error}</p>}
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}

// Dead letters, the pure part: a failed delivery in words, and what a retry did.

const KINDS: Record<string, string> = { email: "Email", sms: "SMS", voice: "Phone call", slack: "Slack message", mattermost: "Mattermost message", webhook: "Webhook call", verify: "Verification" };
const NOUNS: Record<string, string> = { email: "email", sms: "SMS", voice: "phone call", slack: "Slack message", mattermost: "Mattermost message", webhook: "webhook call", verify: "verification message" };

/** "Email", "SMS", … for a job's kind; the kind itself when unknown. */
export function kindLabel(kind: string): string {
  return KINDS[kind] ?? kind;
}

/** Where it was going, without the channel prefix: `sms:+15551234567` → `+15551234567`. */
export function destinationText(destination: string): string {
  const m = /^(email|sms|voice|slack|webhook):(.+)$/.exec(destination);
  return m ? m[2] : destination;
}

/** "The email to ana@example.com" — for status messages. */
export function deliveryWords(job: { kind: string; destination: string }): string {
  return `The ${NOUNS[job.kind] ?? `${job.kind} delivery`} to ${destinationText(job.destination)}`;
}

/** What a retry did, for the status line. */
export function retryOutcome(job: { kind: string; destination: string }, status: number | null): string {
  const words = deliveryWords(job);
  if (status === null) return `${words} is queued again and is sent now; if it fails for good again it comes back to this list.`;
  if (status === 409) return `${words} is no longer a dead letter (someone may have retried it already); the list is refreshed.`;
  if (status === 404) return `${words} no longer exists; the list is refreshed.`;
  return `${words} could not be retried; try again.`;
}

/** "2 attempts". */
export const attemptsText = (n: number) => (n === 1 ? "1 attempt" : `${n} attempts`);

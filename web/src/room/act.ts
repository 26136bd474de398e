/** Runs one API call for the room: shows its problem if it fails, its change if it succeeds.
 * Resolves to whether it succeeded, so a form knows whether to clear itself. */
export type Act = (call: Promise<{ data?: unknown; error?: unknown }>) => Promise<boolean>;

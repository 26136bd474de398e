/** Runs one write for the room: shows its problem if it fails (its change is applied to the cache
 * by the write's own hook). Resolves to whether it succeeded, so a form knows whether to clear. */
export type Act = (write: Promise<unknown>) => Promise<boolean>;

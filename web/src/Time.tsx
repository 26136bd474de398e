import { absoluteTime, clockTime } from "./time";

/** A time in the viewer's zone; hovering (or a screen reader) gives the full absolute time. */
export function Time({ at, withDate = false }: { at: string; withDate?: boolean }) {
  return (
    <time dateTime={at} title={absoluteTime(at)}>
      {clockTime(at, { withDate })}
    </time>
  );
}

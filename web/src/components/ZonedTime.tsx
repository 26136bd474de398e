import { absoluteTime, clockTime } from "../time";

/** A time in the viewer's zone; hovering shows it in full, in the viewer's zone and in the schedule's. */
export function ZonedTime({ at, zone, withDate = true }: { at: string; zone: string; withDate?: boolean }) {
  const mine = absoluteTime(at);
  const theirs = absoluteTime(at, zone);
  const title = mine === theirs ? mine : `${mine}\nIn the schedule's zone (${zone}): ${theirs}`;
  return (
    <time dateTime={at} title={title}>
      {clockTime(at, { withDate })}
    </time>
  );
}

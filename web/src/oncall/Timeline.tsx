import { useMemo } from "react";
import { absoluteTime, clockTime } from "../time";
import { colorSlots, durationLabel, nowOffset, timelineDays, type Shift } from "./timeline";

const hm = (d: Date) => d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });

/** The coming days as bands from midnight to midnight in the viewer's zone, each shift a bar with
 * the person's name (and an override marked); on a phone each day becomes a list of its shifts.
 * Hovering a bar gives its whole span in the viewer's zone and in the schedule's. */
export function Timeline({ shifts, from, days, zone }: { shifts: Shift[]; from: Date; days: number; zone: string }) {
  const bands = useMemo(() => timelineDays(shifts, from, days), [shifts, from, days]);
  const colors = useMemo(() => colorSlots(shifts), [shifts]);
  const people = useMemo(() => [...new Map(shifts.map((s) => [s.user.id, s.user.name])).entries()], [shifts]);
  const today = new Date().toDateString();
  return (
    <>
      {people.length > 0 && (
        <ul className="legend" aria-label="Who is on the timeline">
          {people.map(([id, name]) => (
            <li key={id}>
              <span className={`swatch p${colors.get(id) ?? 0}`} aria-hidden="true" />
              {name}
            </li>
          ))}
          {shifts.some((s) => s.source === "override") && (
            <li>
              <span className="swatch override-mark" aria-hidden="true" />
              Override
            </li>
          )}
        </ul>
      )}
      <div className="axis" aria-hidden="true">
        <span />
        <ol>
          {["00:00", "06:00", "12:00", "18:00", "24:00"].map((t) => (
            <li key={t}>{t}</li>
          ))}
        </ol>
      </div>
      <ol className="timeline" aria-label={`The next ${days} days, in your time zone`}>
        {bands.map((day) => {
          const isToday = day.start.toDateString() === today;
          const now = nowOffset(day);
          const label = day.start.toLocaleDateString(undefined, { weekday: "short", day: "numeric", month: "short" });
          return (
            <li key={day.key}>
              <span className={`day-label${isToday ? " today" : ""}`}>
                {label}
                {isToday && <span className="visually-hidden"> (today)</span>}
              </span>
              <ul className="band" aria-label={`${label}${isToday ? ", today" : ""}`}>
                {day.segments.map((seg) => {
                  const s = seg.shift;
                  const whole = seg.start.getTime() === day.start.getTime() && seg.end.getTime() === day.end.getTime();
                  const span = whole ? "All day" : `${seg.fromBefore ? "…" : ""}${hm(seg.start)}–${hm(seg.end)}${seg.toAfter ? "…" : ""}`;
                  const classes = s ? [`p${colors.get(s.user.id) ?? 0}`, s.source === "override" ? "override" : "", seg.fromBefore ? "from-before" : ""] : ["gap"];
                  const title = s
                    ? `${s.user.name}${s.source === "override" ? " (override)" : s.layer ? ` (${s.layer})` : ""}\n${clockTime(s.start, { withDate: true })} – ${clockTime(s.end, { withDate: true })} (${durationLabel(Date.parse(s.end) - Date.parse(s.start))})\nYour time: ${absoluteTime(s.start)} – ${absoluteTime(s.end)}\nSchedule's time (${zone}): ${absoluteTime(s.start, zone)} – ${absoluteTime(s.end, zone)}`
                    : `Nobody on call ${hm(seg.start)}–${hm(seg.end)}`;
                  return (
                    <li key={seg.start.toISOString()} className={classes.join(" ")} style={{ left: `${seg.left}%`, width: `${seg.width}%` }} title={title}>
                      <span className="seg-name">
                        {s ? s.user.name : "Nobody on call"}
                        {s?.source === "override" && <span className="visually-hidden"> (override)</span>}
                      </span>
                      <span className="seg-time">{span}</span>
                    </li>
                  );
                })}
                {now !== null && (
                  <li className="now" style={{ left: `${now}%` }} title="Now">
                    <span className="visually-hidden">Now: {hm(new Date())}</span>
                  </li>
                )}
              </ul>
            </li>
          );
        })}
      </ol>
    </>
  );
}

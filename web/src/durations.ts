// Spans of time in the words cards and settings use: "4 min", "1 h 30 min", "2 d 4 h".
const MINUTE = 60_000;

/** "under a minute", "4 min", "1 h", "1 h 30 min", "2 d 4 h": a span of time in words. */
export function spanWords(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / MINUTE);
  if (minutes < 1) return "under a minute";
  return minutesWords(minutes);
}

/** "15 min", "1 h", "4 h", "1 h 30 min", "1 d", "7 d": a whole number of minutes in words. */
export function minutesWords(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}


// Each person's colour in the document (their caret and their name in the presence bar), the same
// on every screen because it comes from the user id. Dark enough for white caret labels.

/** "#rrggbb" (CollaborationCaret only accepts that form). */
export function colorFor(userId: number | string): string {
  const n = typeof userId === "number" ? userId : [...userId].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
  // Golden-angle steps spread neighbouring ids around the wheel.
  const hue = (n * 137.508) % 360;
  return hslToHex(hue, 0.65, 0.38);
}

function hslToHex(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const f = (k: number) => {
    const n = (k + h / 30) % 12;
    const c = l - a * Math.max(-1, Math.min(n - 3, 9 - n, 1));
    return Math.round(c * 255)
      .toString(16)
      .padStart(2, "0");
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

/** A colour from someone else's awareness state, if it is one (it is theirs to set). */
export const safeColor = (color: unknown): string | undefined => (typeof color === "string" && /^#[0-9a-fA-F]{6}$/.test(color) ? color : undefined);

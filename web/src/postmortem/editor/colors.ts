// Each person's colour in the document (their caret and their name in the presence bar), the same
// on every screen because it comes from the user id. Dark enough for white caret labels.

/** "#rrggbb" (CollaborationCaret only accepts that form). */
export function colorFor(userId: number | string): string {
  const n = typeof userId === "number" ? userId : [...userId].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
  // Golden-angle steps spread neighbouring ids around the wheel.
  const hue = (n * 137.508) % 360;
  // Yellows and greens are bright at any given lightness: darken until white text on it passes
  // WCAG AA (4.5:1), as the caret labels need.
  let lightness = 0.4;
  while (contrastWithWhite(hslToHex(hue, 0.65, lightness)) < 4.6 && lightness > 0.1) lightness -= 0.02;
  return hslToHex(hue, 0.65, lightness);
}

/** The WCAG contrast ratio of white text on `hex`. */
export function contrastWithWhite(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  return 1.05 / (luminance + 0.05);
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

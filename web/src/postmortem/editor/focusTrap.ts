// Keyboard focus stays inside a modal dialog while it is open (the editor's dialogs: the timeline
// picker and the follow-up form): Tab from the last control goes to the first, Shift+Tab back.
import { useEffect, type RefObject } from "react";

export function useFocusTrap(dialog: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    const trap = (e: KeyboardEvent) => {
      if (e.key !== "Tab") return;
      const focusable = [...el.querySelectorAll<HTMLElement>("input, select, textarea, button:not([disabled]), a[href]")];
      if (!focusable.length) return;
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    };
    el.addEventListener("keydown", trap);
    return () => el.removeEventListener("keydown", trap);
  }, [dialog]);
}

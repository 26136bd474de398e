import { useCallback, useEffect, useRef } from "react";

/** When an inline editor closes, the keyboard goes back to the button that opened it instead of
 * falling to the top of the page. Register each opener with `opener(key)`; call `closed(key)`
 * together with the state change that closes the editor. */
export function useReturnFocus() {
  const openers = useRef(new Map<string, HTMLElement>());
  const pending = useRef<string | null>(null);
  // After every render: the opener only exists again once the editor is gone.
  useEffect(() => {
    if (pending.current === null) return;
    const el = openers.current.get(pending.current);
    if (el) {
      el.focus();
      pending.current = null;
    }
  });
  const opener = useCallback(
    (key: string) => (el: HTMLElement | null) => {
      if (el) openers.current.set(key, el);
      else openers.current.delete(key);
    },
    [],
  );
  const closed = useCallback((key: string) => {
    pending.current = key;
  }, []);
  return { opener, closed };
}

// The app's few routes need no router library: the path is state, links push history.
import { useEffect, useState } from "react";

export function usePath(): string {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const onPop = () => setPath(window.location.pathname);
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);
  return path;
}

/** Goes to an app path without reloading. */
export function navigate(path: string) {
  window.history.pushState(null, "", path);
  window.dispatchEvent(new PopStateEvent("popstate"));
}

/** The incident reference in /incidents/INC-42, if the path is an incident room. */
export function roomRef(path: string): string | null {
  const m = /^\/incidents\/(INC-[1-9][0-9]*)$/i.exec(path);
  return m ? m[1].toUpperCase() : null;
}

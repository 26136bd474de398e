import { useEffect, useId, useRef, useState } from "react";
import type { Session } from "./api/client";
import { Link } from "./Link";
import { navigate, parseRoute, type Route } from "./route";
import "./header.css";

/**
 * The app's header: the brand, the big red button, the pages and the account. On a phone
 * (header.css decides where) it is one row, brand, Declare and Menu, and the pages and the account
 * open as a panel below it; on wider screens the Menu button is not shown and the panel lays out
 * inline. Declare comes before the panel in the document so that on a phone the keyboard meets
 * things in the order they are seen: Declare, Menu, then what the menu opened.
 */
export function Header({ session, path, canAct, ready, onSignOut }: { session: Session; path: string; canAct: boolean; ready: boolean; onSignOut: () => void }) {
  const route = parseRoute(path);
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  // Another page (Back, a link in the page): the menu has done its job. Choosing one of its
  // links closes it too, the current page's included.
  const [shownFor, setShownFor] = useState(path);
  if (shownFor !== path) {
    setShownFor(path);
    setOpen(false);
  }

  useEffect(() => {
    if (!open) return;
    const inside = (target: EventTarget | null) => target instanceof Node && (button.current?.contains(target) || panel.current?.contains(target));
    // Escape puts the keyboard back on the button, as if the menu had never opened.
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    // A tap or click elsewhere, or the keyboard moving on, closes it: the panel lies over the
    // page and would otherwise hide what the focus went to.
    const onPointer = (e: PointerEvent) => !inside(e.target) && setOpen(false);
    const onFocus = (e: FocusEvent) => !inside(e.target) && setOpen(false);
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("focusin", onFocus);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("focusin", onFocus);
    };
  }, [open]);

  const current = (...pages: Route["page"][]) => (pages.includes(route.page) ? "page" : undefined);
  return (
    <header className="app-header">
      <Link to="/" className="brand">
        <strong>Goldseam</strong>
      </Link>
      {canAct && (
        // Named in full even where the narrowest phones show only "Declare", so that the row keeps
        // the brand whole; the name starts with what is shown, for those who speak to click.
        <button className="declare" onClick={() => navigate("/declare")} disabled={!ready} aria-current={current("declare")} aria-label="Declare incident">
          Declare<span className="declare-what"> incident</span>
        </button>
      )}
      <button type="button" className="menu-toggle" ref={button} aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)}>
        <svg aria-hidden="true" viewBox="0 0 16 16" width="16" height="16">
          <path d="M2 4h12M2 8h12M2 12h12" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
        </svg>
        Menu
      </button>
      <div id={panelId} className={open ? "site-menu open" : "site-menu"} ref={panel}>
        <nav aria-label="Main" onClick={(e) => (e.target as Element).closest("a") && setOpen(false)}>
          <Link to="/" aria-current={current("dashboard")}>
            Dashboard
          </Link>
          <Link to="/incidents" aria-current={current("incidents")}>
            Incidents
          </Link>
          <Link to="/postmortems" aria-current={current("postmortems")}>
            Postmortems
          </Link>
          <Link to="/follow-ups" aria-current={current("follow-ups")}>
            Follow-ups
          </Link>
          <Link to="/alerts" aria-current={current("alerts", "integrations", "integration")}>
            Alerts
          </Link>
          <Link to="/oncall" aria-current={current("oncall", "schedule")}>
            On-call
          </Link>
          <Link to="/teams" aria-current={current("teams", "team", "services")}>
            Teams
          </Link>
          <Link to="/settings" aria-current={current("settings")}>
            Settings
          </Link>
        </nav>
        <div className="account">
          <span className="who muted">{session.user.name}</span>
          <button onClick={onSignOut}>Sign out</button>
        </div>
      </div>
    </header>
  );
}

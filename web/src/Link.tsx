import type { AnchorHTMLAttributes, MouseEvent } from "react";
import { navigate } from "./route";

/** An in-app link: a real href (open in a new tab, copy the address), followed without reload. */
export function Link({ to, onClick, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const follow = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    // Modified clicks keep the browser's meaning (new tab, new window, download).
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={follow} {...rest} />;
}

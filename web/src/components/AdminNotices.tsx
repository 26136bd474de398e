import "./adminNotices.css";
import { useAdminNotices } from "../api/notices";
import { Link } from "../Link";
import { noticeText } from "../notices";

/** The banner admins see above every page while a channel cannot deliver because of how the
 * server is set up: people in incident rooms only read "admins were told", so the admins must be.
 * A failed read shows nothing: the banner is a nudge, the dead letters are the record. */
export function AdminNotices({ enabled }: { enabled: boolean }) {
  const items = useAdminNotices(enabled).data?.items;
  if (!enabled || !items?.length) return null;
  const now = new Date();
  return (
    <aside className="admin-notices" aria-label="Notices for admins">
      <ul>
        {items.map((n) => (
          <li key={n.channel}>
            <span aria-hidden="true">⚠ </span>
            {noticeText(n, now)} <Link to="/settings/dead-letters">See Dead letters</Link>
          </li>
        ))}
      </ul>
    </aside>
  );
}

import { useMemo } from "react";
import { useApp } from "../context";
import { Link } from "../Link";
import { wordsFor } from "../components/subscriptions/subscriptions";
import { teamOwner } from "../components/subscriptions/subscriptionOwners";
import { SubscriptionList } from "../components/subscriptions/SubscriptionList";

/** What the whole team follows: everyone reads it (the server shows it to anyone signed in); only
 * admins add and remove, as only they may. */
export function TeamSubscriptions({ id, name }: { id: number; name: string }) {
  const { isAdmin } = useApp();
  const owner = useMemo(() => teamOwner(id, name), [id, name]);
  const { subject } = wordsFor(owner.who);
  return (
    <section aria-labelledby="team-subs-heading" className="subs">
      <h2 id="team-subs-heading">Subscriptions</h2>
      <p className="muted">
        What the team hears of as a team: whoever is in it when something happens is notified by these channels, through their own contact methods, new
        members included. Only admins change them; anyone follows things for themselves in <Link to="/settings/subscriptions">Settings → Subscriptions</Link>.
      </p>
      <SubscriptionList owner={owner} readOnly={!isAdmin} empty={`${subject} follows nothing as a team. ${isAdmin ? "Add a subscription below." : "An admin subscribes teams."}`} />
    </section>
  );
}

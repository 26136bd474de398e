import "../components/subscriptions/subscriptions.css";
import { useApp } from "../context";
import { Link } from "../Link";
import { MINE } from "../components/subscriptions/subscriptionOwners";
import { CONTACT_PATH } from "../components/subscriptions/SubscriptionChannelBoxes";
import { SubscriptionList } from "../components/subscriptions/SubscriptionList";

/** What you follow (severities, tags, services, teams, single incidents) and by which channels you hear of it. */
export function SubscriptionsSection() {
  const { severities } = useApp();
  return (
    <section aria-labelledby="subs-heading" className="subs">
      <h2 id="subs-heading">Subscriptions</h2>
      <p className="muted">
        Follow a severity, a tag, a service, a team (every incident affecting a service it owns) or one incident to hear of its declaration, severity changes,
        status updates and resolution. Email goes to your verified email methods, or else your account email; SMS and Slack go to your verified methods of
        that kind in <Link to={CONTACT_PATH}>Contact methods</Link>.
      </p>
      <SubscriptionList
        owner={MINE}
        empty={
          <>
            You follow nothing yet. Follow a severity (such as every {severities[0]?.key ?? "SEV1"} incident), a tag, a service, a team or one incident below, or
            press Subscribe in an incident’s room.
          </>
        }
      />
    </section>
  );
}

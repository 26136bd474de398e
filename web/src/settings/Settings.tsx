import "./settings.css";
import type { SettingsSection } from "../route";
import { useApp } from "../context";
import { Link } from "../Link";
import { refusal, sectionInfo, visibleSections } from "./sections";
import { TokensSection } from "./TokensSection";
import { UsersSection } from "./UsersSection";
import { SeveritiesSection } from "./SeveritiesSection";
import { TypesSection } from "./TypesSection";
import { ProfileSection } from "./ProfileSection";
import { ContactMethodsSection } from "./ContactMethodsSection";
import { EscalationPoliciesSection } from "./EscalationPoliciesSection";
import { ResponseRulesSection } from "./ResponseRulesSection";
import { DeadLettersSection } from "./DeadLettersSection";
import { SubscriptionsSection } from "./SubscriptionsSection";
import { PostmortemsSection } from "./PostmortemsSection";
import { LearningSettings } from "./LearningSettings";
import { CalendarSection } from "./CalendarSection";
import { ReviewsSection } from "./ReviewsSection";
import { ChatSection } from "./ChatSection";

/** Settings: API tokens for everyone; users, severities and types for admins. */
export function Settings({ section }: { section: SettingsSection }) {
  const { isAdmin } = useApp();
  const refused = refusal(section, isAdmin);
  return (
    <div className="settings">
      <h1>Settings</h1>
      <div className="settings-layout">
        <nav aria-label="Settings sections" className="settings-nav">
          <ul>
            {visibleSections(isAdmin).map((s) => (
              <li key={s.key}>
                <Link to={s.path} aria-current={s.key === section ? "page" : undefined}>
                  {s.label}
                </Link>
              </li>
            ))}
            {isAdmin && (
              // Its own page (it is about monitoring tools, not this app's settings), listed here
              // with the other things only admins set up.
              <li>
                <Link to="/integrations">Alert integrations</Link>
              </li>
            )}
          </ul>
        </nav>
        <div className="settings-body">
          {refused ? (
            <section aria-labelledby="settings-refused">
              <h2 id="settings-refused">{sectionInfo(section).label}</h2>
              <p role="alert" className="notice">
                {refused}
              </p>
            </section>
          ) : (
            <>
              {section === "tokens" && <TokensSection />}
              {section === "users" && <UsersSection />}
              {section === "severities" && <SeveritiesSection />}
              {section === "types" && <TypesSection />}
              {section === "profile" && <ProfileSection />}
              {section === "contact-methods" && <ContactMethodsSection />}
              {section === "subscriptions" && <SubscriptionsSection />}
              {section === "escalation-policies" && <EscalationPoliciesSection />}
              {section === "response-rules" && <ResponseRulesSection />}
              {section === "dead-letters" && <DeadLettersSection />}
              {section === "postmortems" && <PostmortemsSection />}
              {section === "learning" && <LearningSettings />}
              {section === "calendar" && <CalendarSection />}
              {section === "reviews" && <ReviewsSection />}
              {section === "chat" && <ChatSection />}
            </>
          )}
        </div>
      </div>
    </div>
  );
}

import "./contact.css";
import { useState } from "react";
import { useContactMethods } from "../api/contactMethods";
import { QueryState } from "../components/QueryState";
import { ContactAddMethodForm } from "./ContactAddMethodForm";
import { ContactMethodItem } from "./ContactMethodItem";
import { ContactNotificationRules } from "./ContactNotificationRules";
import { methodLabel, sortMethods, type ContactMethod } from "./contact";

/** How you are reached when paged: your contact methods (each verified with a code) and the
 * notification rules that use them. */
export function ContactMethodsSection() {
  const query = useContactMethods();
  const methods = query.data;
  const [status, setStatus] = useState("");

  const changed = (m: ContactMethod) => setStatus(m.verified ? `${methodLabel(m)} is verified: you can use it in notification rules.` : "");

  return (
    <section aria-labelledby="contact-heading" className="contact">
      <h2 id="contact-heading">Contact methods</h2>
      <p className="muted">Where Goldseam reaches you when you are paged. Each method is verified with a code before it can be used, so a typo never pages a stranger.</p>
      <ContactAddMethodForm
        onAdded={(m) => setStatus(`${methodLabel(m)} is added. Send a code to verify it.`)}
      />
      <h3>Your methods</h3>
      <p role="status" className="muted">
        {status}
      </p>
      <QueryState query={query} what="Your contact methods">
        {(methods) =>
          methods.length === 0 ? (
            <p className="muted">You have no contact methods yet. Add one above, then verify it with the code it receives.</p>
          ) : (
            <ul className="methods">
              {sortMethods(methods).map((m) => (
                <ContactMethodItem key={m.id} method={m} onChanged={changed} onDeleted={() => setStatus(`${methodLabel(m)} is deleted.`)} />
              ))}
            </ul>
          )
        }
      </QueryState>
      {methods && <ContactNotificationRules methods={methods} />}
    </section>
  );
}

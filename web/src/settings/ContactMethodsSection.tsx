import "./contact.css";
import { useCallback, useEffect, useState } from "react";
import { api, describeProblem } from "../api/client";
import { ContactAddMethodForm } from "./ContactAddMethodForm";
import { ContactMethodItem } from "./ContactMethodItem";
import { ContactNotificationRules } from "./ContactNotificationRules";
import { methodLabel, sortMethods, type ContactMethod } from "./contact";

/** How you are reached when paged: your contact methods (each verified with a code) and the
 * notification rules that use them. */
export function ContactMethodsSection() {
  const [methods, setMethods] = useState<ContactMethod[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [status, setStatus] = useState("");

  const reload = useCallback(async () => {
    const { data, error } = await api.GET("/api/v1/me/contact-methods");
    if (data) setMethods(data);
    else setLoadError(describeProblem(error));
  }, []);
  useEffect(() => {
    let live = true;
    api.GET("/api/v1/me/contact-methods").then(({ data, error }) => {
      if (!live) return;
      if (data) setMethods(data);
      else setLoadError(describeProblem(error));
    });
    return () => {
      live = false;
    };
  }, []);

  const replace = (m: ContactMethod) => {
    setMethods((list) => (list ?? []).map((x) => (x.id === m.id ? m : x)));
    setStatus(m.verified ? `${methodLabel(m)} is verified: you can use it in notification rules.` : "");
  };

  return (
    <section aria-labelledby="contact-heading" className="contact">
      <h2 id="contact-heading">Contact methods</h2>
      <p className="muted">Where Goldseam reaches you when you are paged. Each method is verified with a code before it can be used, so a typo never pages a stranger.</p>
      <ContactAddMethodForm
        onAdded={(m) => {
          setMethods((list) => [...(list ?? []), m]);
          setStatus(`${methodLabel(m)} is added. Send a code to verify it.`);
        }}
      />
      <h3>Your methods</h3>
      {loadError && (
        <p role="alert" className="error">
          {loadError}
        </p>
      )}
      <p role="status" className="muted">
        {status}
      </p>
      {methods === null && !loadError && <p className="muted">Loading…</p>}
      {methods?.length === 0 && <p className="muted">You have no contact methods yet. Add one above, then verify it with the code it receives.</p>}
      {!!methods?.length && (
        <ul className="methods">
          {sortMethods(methods).map((m) => (
            <ContactMethodItem
              key={m.id}
              method={m}
              onChanged={replace}
              onReload={reload}
              onDeleted={() => {
                setMethods((list) => (list ?? []).filter((x) => x.id !== m.id));
                setStatus(`${methodLabel(m)} is deleted.`);
              }}
            />
          ))}
        </ul>
      )}
      {methods && <ContactNotificationRules methods={methods} />}
    </section>
  );
}

import type { SettingsSection } from "../route";

/** Settings: API tokens for everyone; users, severities and types for admins. */
export function Settings({ section }: { section: SettingsSection }) {
  return <h1>Settings: {section}</h1>;
}

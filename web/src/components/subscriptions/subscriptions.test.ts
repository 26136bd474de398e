import { describe, expect, it } from "vitest";
import {
  addedMessage,
  channelsPhrase,
  checkChannels,
  checkKey,
  existing,
  formField,
  isGone,
  keyToSend,
  namesById,
  normalizeRef,
  removedMessage,
  sameChannels,
  sortSubscriptions,
  subscriptionProblem,
  summary,
  targetLink,
  targetNote,
  targetPhrase,
  teamPhrase,
  unreachable,
  wordsFor,
  type Subscription,
} from "./subscriptions";

const sub = (id: number, target: string, key: string, channels: string[] = ["email"]): Subscription => ({ id, target, key, channels });

describe("summary", () => {
  it("says what is followed and how", () => {
    expect(summary(sub(1, "severity", "SEV1", ["sms", "email"]))).toBe("Every SEV1 incident — by email and SMS");
    expect(summary(sub(2, "tag", "payments"))).toBe("Incidents tagged #payments — by email");
    expect(summary(sub(3, "incident", "INC-42"), { incidents: { "INC-42": "Checkout is failing" } })).toBe("INC-42: Checkout is failing — by email");
    expect(targetPhrase(sub(3, "incident", "INC-42"))).toBe("INC-42");
  });

  it("lists channels in a fixed order", () => {
    expect(channelsPhrase(["slack", "sms", "email"])).toBe("by email, SMS and Slack");
    expect(channelsPhrase(["slack"])).toBe("by Slack");
    expect(channelsPhrase(["mattermost", "email"])).toBe("by email and Mattermost");
    expect(channelsPhrase([])).toBe("by no channel");
  });

  it("says what a removal did", () => {
    expect(removedMessage(sub(1, "severity", "SEV1"))).toMatch(/^You no longer follow every SEV1 incident\./);
    expect(removedMessage(sub(1, "tag", "db"))).toMatch(/^You no longer follow incidents tagged #db\./);
    expect(removedMessage(sub(1, "incident", "INC-7"))).toMatch(/^You no longer follow INC-7\./);
  });
});

describe("sortSubscriptions", () => {
  it("puts severities by rank, tags A to Z, then incidents newest first", () => {
    const list = [sub(1, "incident", "INC-2"), sub(2, "tag", "zeta"), sub(3, "severity", "SEV2"), sub(4, "incident", "INC-10"), sub(5, "tag", "alpha"), sub(6, "severity", "SEV0")];
    const severities = [
      { key: "SEV0", rank: 0 },
      { key: "SEV2", rank: 2 },
    ];
    expect(sortSubscriptions(list, severities).map((s) => s.key)).toEqual(["SEV0", "SEV2", "alpha", "zeta", "INC-10", "INC-2"]);
  });

  it("puts services, then teams, by name between tags and incidents, those gone last", () => {
    const list = [sub(1, "incident", "INC-1"), sub(2, "team", "1"), sub(7, "service", "9"), sub(3, "service", "2"), sub(4, "service", "1"), sub(5, "tag", "db"), sub(6, "team", "2")];
    expect(sortSubscriptions(list, [], names).map((s) => s.id)).toEqual([5, 3, 4, 7, 6, 2, 1]);
  });
});

const names = { services: { "1": "Search", "2": "Checkout API" }, teams: { "1": "Payments", "2": "Core Platform Team" } };

describe("services and teams", () => {
  it("names them once the catalog is known", () => {
    expect(targetPhrase(sub(1, "service", "2"), names)).toBe("Every incident affecting Checkout API");
    expect(targetPhrase(sub(1, "team", "1"), names)).toBe("Incidents affecting services the Payments team owns");
    expect(targetPhrase(sub(1, "team", "2"), names)).toBe("Incidents affecting services the Core Platform Team owns");
    expect(summary(sub(1, "service", "1", ["slack"]), names)).toBe("Every incident affecting Search — by Slack");
  });

  it("shows an id while loading, and says so when one no longer exists", () => {
    expect(targetPhrase(sub(1, "service", "7"))).toBe("Every incident affecting service 7");
    expect(targetPhrase(sub(1, "team", "7"), { teams: null })).toBe("Incidents affecting services of team 7");
    expect(isGone(sub(1, "service", "7"), {})).toBe(false);
    expect(isGone(sub(1, "service", "7"), names)).toBe(true);
    expect(targetPhrase(sub(1, "service", "7"), names)).toBe("Every incident affecting a service that no longer exists (id 7)");
    expect(targetPhrase(sub(1, "team", "7"), names)).toBe("Incidents affecting services of a team that no longer exists (id 7)");
    expect(targetNote(sub(1, "team", "7"), names, "me")).toBe("Nothing reaches you through it any more; stop following it to tidy the list.");
    expect(targetNote(sub(1, "service", "7"), names, { team: "Payments" })).toBe("Nothing reaches the Payments team through it any more; remove it to tidy the list.");
    expect(targetNote(sub(1, "service", "7"), names, { team: "Payments" }, true)).toBe("Nothing reaches the Payments team through it any more.");
    expect(targetNote(sub(1, "service", "1"), names, "me")).toBeNull();
    expect(targetNote(sub(1, "incident", "INC-3"), { incidents: { "INC-3": null } }, "me")).toMatch(/^You may no longer see this incident/);
  });

  it("links to what is followed while it exists", () => {
    expect(targetLink(sub(1, "incident", "INC-3"))).toBe("/incidents/INC-3");
    expect(targetLink(sub(1, "service", "2"), names)).toBe("/services#service-2");
    expect(targetLink(sub(1, "team", "1"), names)).toBe("/teams/1");
    expect(targetLink(sub(1, "team", "9"), names)).toBeNull();
    expect(targetLink(sub(1, "service", "2"))).toBeNull();
    expect(targetLink(sub(1, "tag", "db"))).toBeNull();
  });

  it("keys them by id", () => {
    expect(namesById([{ id: 3, name: "Search" }])).toEqual({ "3": "Search" });
    expect(namesById(null)).toBeNull();
    expect(checkKey("service", "")).toBe("Choose a service.");
    expect(checkKey("team", "")).toBe("Choose a team.");
    expect(checkKey("team", "4")).toBeNull();
    expect(keyToSend("service", "4")).toBe("4");
  });

  it("says a service or team gone since the page loaded in the form's words", () => {
    const refused = { status: 422, errors: [{ field: "key", message: 'there is no service "9"; use a service id from GET /api/v1/services' }] };
    expect(subscriptionProblem(refused, 422, "service", "9")).toEqual({ fields: { key: "That service no longer exists; reload the page and choose another." }, message: null });
  });
});

describe("a team's subscriptions", () => {
  it("calls the team by name, once", () => {
    expect(teamPhrase("Payments")).toBe("the Payments team");
    expect(teamPhrase("Payments team")).toBe("the Payments team");
    expect(teamPhrase("Teamwork")).toBe("the Teamwork team");
  });

  it("words the list, the form and the status line for the team", () => {
    const who = { team: "Payments" };
    expect(wordsFor(who)).toMatchObject({ listHeading: "What the Payments team follows", addHeading: "Add a subscription", legend: "Notify its members by" });
    expect(wordsFor(who).removeLabel("Every SEV1 incident")).toBe("Remove the Payments team's subscription: Every SEV1 incident");
    expect(wordsFor("me")).toMatchObject({ listHeading: "What you follow", addHeading: "Follow something", add: "Follow", legend: "Notify me by" });
    expect(addedMessage(sub(1, "service", "2"), names, who, false)).toBe("The Payments team now follows: Every incident affecting Checkout API — by email.");
    expect(addedMessage(sub(1, "severity", "SEV1", ["sms"]), names, who, true)).toBe("The Payments team already followed this; now Every SEV1 incident — by SMS.");
    expect(addedMessage(sub(1, "team", "1"), names, "me", false)).toBe("You now follow: Incidents affecting services the Payments team owns — by email.");
    expect(removedMessage(sub(1, "tag", "db"), names, who)).toBe("The Payments team no longer follows incidents tagged #db. Add it again below if that was a mistake.");
    expect(removedMessage(sub(1, "service", "2"), names, "me")).toBe("You no longer follow every incident affecting Checkout API. Follow it again below if that was a mistake.");
  });
});

describe("checks", () => {
  it("reads incident references as people type them", () => {
    expect(normalizeRef(" inc-42 ")).toBe("INC-42");
    expect(normalizeRef("42")).toBe("INC-42");
    expect(normalizeRef("INC42")).toBe("INC-42");
    expect(normalizeRef("INC-042")).toBeNull();
    expect(normalizeRef("forty")).toBeNull();
  });

  it("explains a key before sending", () => {
    expect(checkKey("severity", "")).toBe("Choose a severity.");
    expect(checkKey("severity", "SEV1")).toBeNull();
    expect(checkKey("tag", " #Payments ")).toBeNull();
    expect(checkKey("tag", "#")).toBe("Enter a tag, such as payments.");
    expect(checkKey("tag", "two words")).toBe("A tag is letters, digits, - and _; remove “ ”.");
    expect(checkKey("tag", "x".repeat(65))).toMatch(/65 characters long; at most 64/);
    expect(checkKey("incident", "")).toMatch(/^Enter an incident reference/);
    expect(checkKey("incident", "INC-x")).toBe("“INC-x” is not an incident reference; use INC-42 or 42.");
    expect(keyToSend("tag", "#Payments")).toBe("payments");
    expect(keyToSend("incident", "9")).toBe("INC-9");
    expect(checkChannels([])).toBe("Choose at least one channel.");
    expect(checkChannels(["sms"])).toBeNull();
  });
});

describe("server problems", () => {
  it("puts field errors beside their fields", () => {
    expect(formField("channels[1]")).toBe("channels");
    expect(formField("severity")).toBe("key");
    expect(formField("ref")).toBe("key");
    expect(formField("target")).toBe("target");
    expect(formField("name")).toBeNull();
    const p = subscriptionProblem(
      {
        status: 422,
        errors: [
          { field: "channels[0]", message: 'unknown channel "fax"' },
          { field: "severity", message: "unknown severity SEV9" },
        ],
      },
      422,
      "severity",
      "SEV9",
    );
    expect(p).toEqual({ fields: { channels: 'Unknown channel "fax".', key: "Unknown severity SEV9." }, message: null });
    expect(subscriptionProblem({ errors: [{ field: "other", message: "no" }] }, 422, "tag", "x").message).toBe("other: no");
    expect(subscriptionProblem({ detail: "Forbidden" }, 403, "tag", "x")).toEqual({ fields: {}, message: "Forbidden" });
  });

  it("says a missing or private incident the same way", () => {
    expect(subscriptionProblem({ status: 404, detail: "not found" }, 404, "incident", "INC-9")).toEqual({ fields: { key: "INC-9 does not exist, or you may not see it." }, message: null });
  });
});

describe("unreachable", () => {
  it("warns of channels with no verified method; email always reaches", () => {
    const methods = [
      { kind: "sms", verified: false },
      { kind: "slack", verified: true },
    ];
    expect(unreachable(["email", "sms", "slack"], methods)).toEqual([{ channel: "sms", message: "You have no verified SMS number: add one in Contact methods" }]);
    expect(unreachable(["slack", "sms"], [])).toEqual([
      { channel: "sms", message: "You have no verified SMS number: add one in Contact methods" },
      { channel: "slack", message: "You have no verified Slack account: add one in Contact methods" },
    ]);
    expect(unreachable(["mattermost", "slack"], [{ kind: "mattermost", verified: true }])).toEqual([
      { channel: "slack", message: "You have no verified Slack account: add one in Contact methods" },
    ]);
    expect(unreachable(["mattermost"], methods)).toEqual([{ channel: "mattermost", message: "You have no verified Mattermost account: add one in Contact methods" }]);
    expect(unreachable(["email"], [])).toEqual([]);
    expect(unreachable(["sms"], null)).toEqual([]);
  });

  it("finds what is already followed and compares channels", () => {
    const list = [sub(1, "tag", "payments"), sub(2, "incident", "INC-3")];
    expect(existing(list, "tag", "payments")?.id).toBe(1);
    expect(existing(list, "incident", "inc-3")?.id).toBe(2);
    expect(existing(list, "severity", "SEV1")).toBeUndefined();
    expect(sameChannels(["sms", "email"], ["email", "sms"])).toBe(true);
    expect(sameChannels(["email"], ["email", "sms"])).toBe(false);
  });
});

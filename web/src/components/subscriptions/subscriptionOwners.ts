// Whose subscriptions a list shows and changes: yours (/me/subscriptions), or a team's, which admins
// change (/teams/{id}/subscriptions). The list, its rows and the forms take an owner rather than
// knowing the endpoints, so both pages share them (through the hooks in ./api.ts).
import { api } from "../../api/client";
import type { Answer } from "../../api/errors";
import type { Channel, Subscription, Target, Who } from "./subscriptions";

/** Every subscription list in the cache lives under this key (the room's Subscribe button
 * invalidates them all). */
export const SUBSCRIPTIONS_KEY = ["subscriptions"] as const;

export interface SubscriptionOwner {
  who: Who;
  /** Where the owner's list is cached. */
  key: readonly unknown[];
  /** What it may follow: the server refuses a single incident for a team. */
  targets: readonly Target[];
  list: () => Promise<Answer<Subscription[]>>;
  /** Follows something; following it again changes its channels. */
  save: (body: { target: Target; key: string; channels: Channel[] }) => Promise<Answer<Subscription>>;
  remove: (id: number) => Promise<Answer<unknown>>;
}

export const MINE: SubscriptionOwner = {
  who: "me",
  key: [...SUBSCRIPTIONS_KEY, "me"],
  targets: ["severity", "tag", "service", "team", "incident"],
  list: () => api.GET("/api/v1/me/subscriptions"),
  save: (body) => api.POST("/api/v1/me/subscriptions", { body }),
  remove: (id) => api.DELETE("/api/v1/me/subscriptions/{id}", { params: { path: { id } } }),
};

/** A team's subscriptions: anyone signed in reads them; the server lets only admins change them. */
export function teamOwner(id: number, name: string): SubscriptionOwner {
  return {
    who: { team: name },
    key: [...SUBSCRIPTIONS_KEY, "team", id],
    targets: ["severity", "tag", "service", "team"],
    list: () => api.GET("/api/v1/teams/{id}/subscriptions", { params: { path: { id } } }),
    save: (body) => api.POST("/api/v1/teams/{id}/subscriptions", { params: { path: { id } }, body }),
    remove: (subscription_id) => api.DELETE("/api/v1/teams/{id}/subscriptions/{subscription_id}", { params: { path: { id, subscription_id } } }),
  };
}

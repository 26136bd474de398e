// Whose subscriptions a list shows and changes: yours (/me/subscriptions), or a team's, which admins
// change (/teams/{id}/subscriptions). The list, its rows and the forms take an owner rather than
// knowing the endpoints, so both pages share them.
import { api } from "../api/client";
import type { Channel, Subscription, Target, Who } from "./subscriptions";

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

export interface SubscriptionOwner {
  who: Who;
  /** What it may follow: the server refuses a single incident for a team. */
  targets: readonly Target[];
  list: () => Promise<Answer<Subscription[]>>;
  /** Follows something; following it again changes its channels. */
  save: (body: { target: Target; key: string; channels: Channel[] }) => Promise<Answer<Subscription>>;
  remove: (id: number) => Promise<Answer<unknown>>;
}

export const MINE: SubscriptionOwner = {
  who: "me",
  targets: ["severity", "tag", "service", "team", "incident"],
  list: () => api.GET("/api/v1/me/subscriptions"),
  save: (body) => api.POST("/api/v1/me/subscriptions", { body }),
  remove: (id) => api.DELETE("/api/v1/me/subscriptions/{id}", { params: { path: { id } } }),
};

/** A team's subscriptions: anyone signed in reads them; the server lets only admins change them. */
export function teamOwner(id: number, name: string): SubscriptionOwner {
  return {
    who: { team: name },
    targets: ["severity", "tag", "service", "team"],
    list: () => api.GET("/api/v1/teams/{id}/subscriptions", { params: { path: { id } } }),
    save: (body) => api.POST("/api/v1/teams/{id}/subscriptions", { params: { path: { id } }, body }),
    remove: (subscription_id) => api.DELETE("/api/v1/teams/{id}/subscriptions/{subscription_id}", { params: { path: { id, subscription_id } } }),
  };
}

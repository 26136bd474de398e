// A stored request's outcome, as the server keeps it: one entry per alert it carried.
import type { InboxItem } from "./api/integrations";

export interface Receipt {
  dedup_key: string | null;
  outcome: string;
  group_id: number | null;
  reason: string;
}

/** The receipts of a processed request; anything unexpected in the stored JSON is skipped. */
export function receipts(item: Pick<InboxItem, "outcome">): Receipt[] {
  if (!Array.isArray(item.outcome)) return [];
  return item.outcome
    .filter((r): r is Record<string, unknown> => typeof r === "object" && r !== null)
    .map((r) => ({
      dedup_key: typeof r.dedup_key === "string" ? r.dedup_key : null,
      outcome: String(r.outcome ?? ""),
      group_id: typeof r.group_id === "number" ? r.group_id : null,
      reason: typeof r.reason === "string" ? r.reason : "",
    }));
}

/** The body pretty-printed when it is JSON, as received otherwise. */
export function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

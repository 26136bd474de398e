// A review slot and its agenda as the API answers them, for tests.
import type { ReviewSlot, SlotAgenda } from "../teams/api/reviewSlots";

export const slotFixture = (over: Partial<ReviewSlot> = {}): ReviewSlot => ({
  id: 3,
  team_id: 7,
  name: "Payments review",
  zone: "Europe/Berlin",
  start_time: "10:00",
  duration_minutes: 60,
  rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
  starts_on: "2026-12-07",
  schedule: "every 2 weeks on Monday, 10:00–11:00 (Europe/Berlin)",
  organizer_id: 1,
  uid: "review-slot-7-1@goldseam",
  sequence: 0,
  created_at: "2026-12-01T10:00:00Z",
  updated_at: "2026-12-01T10:00:00Z",
  ...over,
});

export const agendaFixture = (slot: ReviewSlot = slotFixture()): SlotAgenda => ({
  slot,
  instances: [
    {
      start: "2026-12-07T09:00:00Z",
      end: "2026-12-07T10:00:00Z",
      local_start: "2026-12-07T10:00:00+01:00[Europe/Berlin]",
      state: "agenda_sent",
      postmortems: [{ reference: "INC-42", title: "Checkout down", published_at: "2026-12-03T10:00:00Z" }],
      hidden: 1,
    },
    { start: "2026-12-21T09:00:00Z", end: "2026-12-21T10:00:00Z", local_start: "2026-12-21T10:00:00+01:00[Europe/Berlin]", state: "cancelled", postmortems: [], hidden: 0 },
    { start: "2027-01-04T09:00:00Z", end: "2027-01-04T10:00:00Z", local_start: "2027-01-04T10:00:00+01:00[Europe/Berlin]", state: "scheduled", postmortems: [], hidden: 0 },
  ],
});

import { describe, expect, it } from "vitest";
import { awaitedTeams, type ResponseRuleDto } from "./responseRules";

const rule = (enabled: boolean, page: string[], inform: string[]) => ({ enabled, then: { awaiting_teams: { page, inform } } }) as unknown as ResponseRuleDto;

describe("awaitedTeams", () => {
  it("lists each team enabled rules wait for once, paged before informed", () => {
    expect(awaitedTeams([rule(true, ["Security"], ["Legal", "PR"]), rule(true, [], ["PR", "Security"])])).toEqual({ page: ["Security"], inform: ["Legal", "PR"] });
  });
  it("ignores disabled rules, and says nothing when no rule waits", () => {
    expect(awaitedTeams([rule(false, ["Security"], ["Legal"])])).toEqual({ page: [], inform: [] });
    expect(awaitedTeams([])).toEqual({ page: [], inform: [] });
  });
});

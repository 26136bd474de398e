import type { SuggestionProps } from "@tiptap/suggestion";
import { describe, expect, it, vi } from "vitest";
import type { User } from "../../api/client";
import { MentionMenu, mentionSuggestion } from "./mentions";

const person = (id: number, name: string) => ({ id, name, email: `${name.split(" ")[0].toLowerCase()}@corp.test`, active: true }) as User;

describe("mention suggestions", () => {
  it("offers people matching what follows @, moves with the arrows and inserts the contract's attrs", async () => {
    const menu = new MentionMenu();
    menu.setPeople([person(1, "Ana Lima"), person(2, "Bo Chen"), person(3, "Bob Stone")]);
    const suggestion = mentionSuggestion(menu);
    const items = await suggestion.items!({ query: "bo", editor: null as never, signal: new AbortController().signal });
    expect(items.map((u) => u.name)).toEqual(["Bo Chen", "Bob Stone"]);

    const command = vi.fn();
    const renderer = suggestion.render!();
    renderer.onStart!({ items, command, clientRect: null } as unknown as SuggestionProps<User>);
    expect(menu.state?.index).toBe(0);
    const key = (k: string) => renderer.onKeyDown!({ event: new KeyboardEvent("keydown", { key: k }) } as never);
    expect(key("ArrowDown")).toBe(true);
    expect(key("ArrowDown")).toBe(true); // wraps around
    expect(menu.state?.index).toBe(0);
    expect(key("ArrowUp")).toBe(true);
    expect(key("Enter")).toBe(true);
    expect(command).toHaveBeenCalledWith({ id: "3", label: "Bob Stone" });
    expect(key("a")).toBe(false);
    renderer.onExit!({} as never);
    expect(menu.state).toBeNull();
  });
});

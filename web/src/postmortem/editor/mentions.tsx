// @mentions in the document: typing @ and a few letters offers people from the directory (the
// same search as the room's composer); the menu is a listbox driven by TipTap's suggestion plugin.
import type { SuggestionOptions, SuggestionProps } from "@tiptap/suggestion";
import { useEffect, useId, useSyncExternalStore } from "react";
import type { User } from "../../api/client";
import { searchPeople } from "../../components/searchPeople";

interface MenuState {
  items: User[];
  index: number;
  rect: DOMRect | null;
  pick: (user: User) => void;
}

/** The open menu (or null), outside React: the suggestion plugin calls in from ProseMirror. */
export class MentionMenu {
  state: MenuState | null = null;
  /** Who can be mentioned: the directory's active people, kept current by the page. */
  people: User[] = [];
  setPeople(people: User[]) {
    this.people = people;
  }
  private listeners = new Set<() => void>();
  subscribe = (l: () => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  snapshot = () => this.state;
  set(state: MenuState | null) {
    this.state = state;
    for (const l of this.listeners) l();
  }
}

export function mentionSuggestion(menu: MentionMenu): Partial<SuggestionOptions<User>> {
  const show = (props: SuggestionProps<User>, index = 0) =>
    menu.set({
      items: props.items,
      index: Math.min(index, Math.max(props.items.length - 1, 0)),
      rect: props.clientRect?.() ?? null,
      pick: (user) => props.command({ id: String(user.id), label: user.name } as unknown as User),
    });
  return {
    char: "@",
    items: ({ query }) => searchPeople(menu.people, query, 6),
    render: () => ({
      onStart: (props) => show(props),
      onUpdate: (props) => show(props, menu.state?.index ?? 0),
      onKeyDown: ({ event }) => {
        const state = menu.state;
        if (!state || !state.items.length) return false;
        if (event.key === "ArrowDown" || event.key === "ArrowUp") {
          const step = event.key === "ArrowDown" ? 1 : -1;
          menu.set({ ...state, index: (state.index + step + state.items.length) % state.items.length });
          return true;
        }
        if (event.key === "Enter" || event.key === "Tab") {
          state.pick(state.items[state.index]);
          return true;
        }
        if (event.key === "Escape") {
          menu.set(null);
          return true;
        }
        return false;
      },
      onExit: () => menu.set(null),
    }),
  };
}

/** The people on offer, under the caret. The editor (`input`) points screen readers at the
 * highlighted person while the list is open; mouse picks keep the editor's focus. */
export function MentionList({ menu, input }: { menu: MentionMenu; input: HTMLElement }) {
  const id = useId();
  const state = useSyncExternalStore(menu.subscribe, menu.snapshot);
  const open = !!state && state.items.length > 0;
  const index = state?.index ?? 0;
  useEffect(() => {
    if (!open) return;
    input.setAttribute("aria-controls", id);
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-activedescendant", `${id}-${index}`);
    return () => ["aria-controls", "aria-autocomplete", "aria-activedescendant"].forEach((a) => input.removeAttribute(a));
  }, [open, index, id, input]);
  if (!state || !open) return null;
  const style = state.rect ? { position: "fixed" as const, left: state.rect.left, top: state.rect.bottom + 4 } : undefined;
  return (
    <ul className="mention-list" id={id} role="listbox" aria-label="People to mention" style={style}>
      {state.items.map((user, i) => (
        <li
          key={user.id}
          id={`${id}-${i}`}
          role="option"
          aria-selected={i === state.index}
          onMouseDown={(e) => {
            e.preventDefault();
            state.pick(user);
          }}
        >
          {user.name} <span className="muted">{user.email}</span>
        </li>
      ))}
    </ul>
  );
}

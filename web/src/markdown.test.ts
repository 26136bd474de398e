import { describe, expect, it } from "vitest";
import { renderMarkdown, splitSpecial } from "./markdown";

const people = new Map([
  ["bo", { name: "Bo Li" }],
  ["ana.maria", { name: "Ana María" }],
]);

/** The rendered HTML as a detached element, to query like a page would. */
function render(source: string): HTMLElement {
  const div = document.createElement("div");
  div.innerHTML = renderMarkdown(source, people);
  return div;
}

const tags = (text: string) => splitSpecial(text).flatMap((s) => (s.kind === "tag" ? [s.tag] : []));

describe("hashtags follow the server's rule", () => {
  it("finds tags in order, lowercased, with Unicode letters", () => {
    expect(tags("#DB is down, see #api_gw and #eu-west-1.")).toEqual(["db", "api_gw", "eu-west-1"]);
    expect(tags("Störung #Zahlungsverkehr und #東京 #éclair")).toEqual(["zahlungsverkehr", "東京", "éclair"]);
    expect(tags("(#payments)")).toEqual(["payments"]);
    expect(tags("#db-")).toEqual(["db"]);
  });

  it("does not take every # for a tag", () => {
    expect(tags("issue#12 C# #1 # ## #- ##db")).toEqual([]);
    expect(tags(`#${"a".repeat(65)}`)).toEqual([]);
    expect(tags(`#${"a".repeat(64)}`)).toEqual(["a".repeat(64)]);
    // "İ" lowercases to two characters: 40 of them make an 80-character tag.
    expect(tags(`#${"İ".repeat(40)}`)).toEqual([]);
  });

  it("keeps a tag whose lowercase gains a combining mark, as the server stores it", () => {
    expect(tags("#İstanbul")).toEqual(["i\u0307stanbul"]);
  });

  it("keeps every character of the text", () => {
    const text = "a #db- b C# c #1 @bo. mail bo@corp.test ##x";
    expect(
      splitSpecial(text, people)
        .map((s) => s.text)
        .join(""),
    ).toBe(text);
  });
});

describe("mentions", () => {
  it("recognizes handles of people in the directory, even before punctuation", () => {
    const segments = splitSpecial("ping @Bo. and @ana.maria, not @nobody", people);
    expect(segments.filter((s) => s.kind === "mention")).toEqual([
      { kind: "mention", text: "@Bo", name: "Bo Li" },
      { kind: "mention", text: "@ana.maria", name: "Ana María" },
    ]);
  });

  it("highlights a mention with the person's name as its title, and leaves unknown handles alone", () => {
    const html = render("@bo please look, @nobody too");
    const mention = html.querySelector(".mention");
    expect(mention?.textContent).toBe("@bo");
    expect(mention?.getAttribute("title")).toBe("Bo Li");
    expect(html.querySelectorAll(".mention")).toHaveLength(1);
    expect(html.textContent).toContain("@nobody too");
  });

  it("does not mention inside email addresses, code or links", () => {
    const html = render("write to bo@corp.test, or `@bo`, or [@bo](https://example.com)\n\n```\n@bo\n```");
    expect(html.querySelectorAll(".mention")).toHaveLength(0);
  });
});

describe("renderMarkdown", () => {
  it("renders the usual markdown", () => {
    const html = render("**bold** and _it_\n\n- one\n- two\n\n> quoted");
    expect(html.querySelector("strong")?.textContent).toBe("bold");
    expect(html.querySelector("em")?.textContent).toBe("it");
    expect(html.querySelectorAll("li")).toHaveLength(2);
    expect(html.querySelector("blockquote")).not.toBeNull();
  });

  it("keeps line breaks as typed", () => {
    expect(render("one\ntwo").querySelector("br")).not.toBeNull();
  });

  it("shows raw HTML as text, never as elements", () => {
    const html = render('<script>alert(1)</script> <img src=x onerror="alert(2)"> <b onclick="x()">b</b>');
    expect(html.querySelector("script, img, b")).toBeNull();
    expect(html.textContent).toContain("<script>alert(1)</script>");
    expect(html.textContent).toContain('onerror="alert(2)"');
    expect(html.innerHTML).not.toMatch(/<[^>]+\son\w+=/i);
  });

  it("drops javascript:, vbscript: and data: links", () => {
    for (const href of ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "vbscript:msgbox(1)", "data:text/html;base64,PHNjcmlwdD4="]) {
      const html = render(`[click](${href}) <${href}>`);
      for (const a of html.querySelectorAll("a")) expect(a.getAttribute("href") ?? "").not.toMatch(/^(javascript|vbscript|data):/i);
    }
    // Entities and control characters do not smuggle the scheme through: whatever href is left
    // resolves to a page of this origin.
    for (const source of ["[x](jav&#x09;ascript:alert(1))", "[x](&#106;avascript:alert(1))", "[x](java\\nscript:alert(1))"]) {
      for (const a of render(source).querySelectorAll("a")) expect(new URL(a.getAttribute("href") ?? "", "https://goldseam.test/").protocol).toBe("https:");
    }
  });

  it("loads no images", () => {
    const html = render("![pixel](https://tracker.example/p.gif)");
    expect(html.querySelector("img")).toBeNull();
  });

  it("opens external links in a new tab without giving it this page", () => {
    const html = render("[docs](https://example.com/runbook) and https://status.example.com");
    const links = [...html.querySelectorAll("a")];
    expect(links.map((a) => a.getAttribute("href"))).toEqual(["https://example.com/runbook", "https://status.example.com"]);
    for (const a of links) {
      expect(a.getAttribute("target")).toBe("_blank");
      expect(a.getAttribute("rel")).toBe("noopener noreferrer");
    }
  });

  it("links #tags to the tag view, in the app", () => {
    const html = render("Seen on #Payments and #eu-west-1.");
    const links = [...html.querySelectorAll("a.tag")];
    expect(links.map((a) => [a.textContent, a.getAttribute("href")])).toEqual([
      ["#Payments", "/tags/payments"],
      ["#eu-west-1", "/tags/eu-west-1"],
    ]);
    expect(links[0].hasAttribute("data-internal")).toBe(true);
    expect(links[0].hasAttribute("target")).toBe(false);
    expect(html.textContent?.trim()).toBe("Seen on #Payments and #eu-west-1.");
  });

  it("does not link tags in code, in links, in URL fragments, or that are not tags", () => {
    const html = render("`#db` and\n\n```\n#db\n```\n\n    #indented\n\n[#db](https://example.com) https://example.com/page#section C# issue#12 #1");
    expect(html.querySelectorAll("a.tag")).toHaveLength(0);
    expect(html.querySelector("code")?.textContent).toBe("#db");
  });

  it("links tags next to formatting", () => {
    const html = render("**#db** is _down_ #cache");
    expect([...html.querySelectorAll("a.tag")].map((a) => a.textContent)).toEqual(["#db", "#cache"]);
  });

  it("keeps headings below the page's own", () => {
    const html = render("# Title\n\n## Sub");
    expect(html.querySelector("h1, h2")).toBeNull();
    expect(html.querySelector("h3")?.textContent).toBe("Title");
    expect(html.querySelector("h4")?.textContent).toBe("Sub");
  });

  it("escapes names in mention titles", () => {
    const div = document.createElement("div");
    div.innerHTML = renderMarkdown("@eve @zed", new Map([["eve", { name: '"><script>alert(1)</script>' }], ["zed", { name: "Zed <Ops>" }]]));
    expect(div.querySelector("script")).toBeNull();
    expect(div.querySelectorAll(".mention")).toHaveLength(2);
    expect(div.querySelectorAll(".mention")[1].getAttribute("title")).toBe("Zed <Ops>");
  });
});

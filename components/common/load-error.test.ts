import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { EventsFeed } from "./events-feed";
import { panelError } from "./load-error";

const refused = new Error("missing or wrong Authorization: Bearer <PARATRACK_TOKEN>");

describe("panelError", () => {
  it("is the panel's own error, else the one of the query it waits on", () => {
    expect(panelError(undefined, refused)).toBe(refused);
    const waitedOn = new Error("tracks");
    expect(panelError(undefined, null, waitedOn)).toBe(waitedOn);
    expect(panelError(undefined, undefined, null)).toBeNull();
  });

  it("is null while the panel has data to show", () => {
    expect(panelError([], refused)).toBeNull();
  });
});

describe("EventsFeed", () => {
  it("names the error instead of saying nothing has happened", () => {
    const html = renderToStaticMarkup(createElement(EventsFeed, { events: undefined, error: refused }));
    expect(html).toContain("Could not load the events: missing or wrong Authorization");
    expect(html).not.toContain("Nothing has happened yet");
  });

  it("still says nothing has happened when there is nothing", () => {
    expect(renderToStaticMarkup(createElement(EventsFeed, { events: [] }))).toContain(
      "Nothing has happened yet",
    );
  });
});

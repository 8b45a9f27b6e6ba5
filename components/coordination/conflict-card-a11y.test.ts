// A conflict's rulings say which conflict they settle (several cards each offer "Dismiss as acceptable"), and stay
// focusable while a ruling is on its way.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ConflictCard } from "./conflict-card";
import { openConflict } from "./conflict-record.fixture";

const html = renderToStaticMarkup(
  createElement(
    QueryClientProvider,
    { client: new QueryClient() },
    createElement(ConflictCard, { conflict: openConflict({ id: 7 }) }),
  ),
);

describe("ConflictCard's rulings", () => {
  it("name the conflict after each ruling, for screen readers", () => {
    expect(html).toContain(
      'Dismiss as acceptable<span class="sr-only">, the predicted merge conflict between A and B</span>',
    );
    expect(html).toContain(
      'Accept: Resume A, keep B paused until it rebases<span class="sr-only">, the predicted merge conflict between A and B</span>',
    );
  });

  it("are not disabled buttons, and the card can be found again once it moves to the settled ones", () => {
    expect(html).not.toContain(' disabled=""');
    expect(html).toContain('data-conflict-id="7"');
  });
});

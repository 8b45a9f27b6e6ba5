// Where focus goes when the control that held it goes away: the items after it first, then those before it.
import { describe, expect, it } from "vitest";
import { isFocusLost, nextInLine } from "./keep-focus";

describe("nextInLine", () => {
  it("tries the items after the one gone first, then those before it, nearest first", () => {
    expect(nextInLine([1, 2, 3, 4, 5], 3)).toEqual([4, 5, 2, 1]);
  });

  it("has nothing left when the item was the only one", () => {
    expect(nextInLine([7], 7)).toEqual([]);
  });

  it("from the last item goes back up the list", () => {
    expect(nextInLine(["a", "b", "c"], "c")).toEqual(["b", "a"]);
  });

  it("keeps the list's order when the item is not in it", () => {
    expect(nextInLine([1, 2], 9)).toEqual([1, 2]);
  });
});

describe("isFocusLost", () => {
  const body = { id: "body" } as unknown as HTMLElement;
  const html = { id: "html" } as unknown as HTMLElement;
  const button = { id: "button" } as unknown as Element;

  it("is lost when focus fell to the body (or nowhere)", () => {
    expect(isFocusLost({ activeElement: body, body, documentElement: html })).toBe(true);
    expect(isFocusLost({ activeElement: null, body, documentElement: html })).toBe(true);
    expect(isFocusLost({ activeElement: html, body, documentElement: html })).toBe(true);
  });

  it("is not lost while a control holds it (the lead moved on: focus is not taken from them)", () => {
    expect(isFocusLost({ activeElement: button, body, documentElement: html })).toBe(false);
  });
});

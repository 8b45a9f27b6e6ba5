// A track of a days-long run has hundreds of reports and its detail carries the newest 50: the button must not
// promise "all" of them.
import { describe, expect, it } from "vitest";
import { REPORTS_SENT, showMoreLabel } from "./reports-panel";

describe("showMoreLabel", () => {
  it("says 'all' while the track has fewer reports than the detail carries", () => {
    expect(showMoreLabel(30)).toBe("Show all 30 reports");
  });
  it("says 'newest' once the list is cut at the detail's limit", () => {
    expect(showMoreLabel(REPORTS_SENT)).toBe(`Show the ${REPORTS_SENT} newest reports`);
  });
});

import { describe, expect, it, vi } from "vitest";
import { makeTrackView } from "../domain/view-fixtures";
import type { TrackView } from "../domain/views";
import {
  createProgressDisplay,
  describeTrackState,
  formatBar,
  formatClock,
  formatPlainTrackLine,
  formatTrackBar,
  formatZoneLine,
  truncateVisible,
  type ZoneReading,
} from "./headless-display";
import { stuckReason } from "./headless-stuck";

const AT = new Date(2025, 0, 1, 12, 0, 1).getTime();

function view(partial: Partial<TrackView> & { key: string }): TrackView {
  return makeTrackView(partial.key, { runId: "r", name: partial.key, ...partial });
}

const budgetSample: ZoneReading = {
  zone: "yellow",
  zoneSource: "budget",
  machine: { capacityBytes: 24e9, usedBytes: 8e9, usedPercent: 33.3, capacitySource: "physical" },
  budget: { bytes: 2e9, usedBytes: 1.3e9, usedPercent: 65 },
};

function sink() {
  const chunks: string[] = [];
  return { chunks, write: (text: string) => chunks.push(text), text: () => chunks.join("") };
}

describe("formatting", () => {
  it("draws a bar proportional to the progress, clamped to 0–100", () => {
    expect(formatBar(40, 10)).toBe("[####------]");
    expect(formatBar(0, 4)).toBe("[----]");
    expect(formatBar(140, 4)).toBe("[####]");
  });

  it("shows a track's percent, current and peak RAM and why it is in its state", () => {
    const line = formatTrackBar(
      view({
        key: "A",
        progress: 40,
        currentBytes: 412e6,
        peakBytes: 520e6,
        status: "paused",
        pausedBy: "governor",
      }),
      3,
    );
    expect(line).toBe(`A    ${formatBar(40)}   40%  412 MB (peak 520 MB)      paused by governor`);
    expect(formatTrackBar(view({ key: "B", status: "pending", dependsOn: ["A"] }), 3)).toContain(
      "pending, after A",
    );
    expect(describeTrackState(view({ key: "C", status: "failed", exitSummary: "exit code 3" }))).toBe(
      "failed: exit code 3",
    );
    expect(describeTrackState(view({ key: "D", status: "ready", waitReason: "Orange zone" }))).toBe(
      "ready, waiting: Orange zone",
    );
    expect(
      describeTrackState(
        view({ key: "E", status: "ready", waitKind: "memory", waitReason: "needs 2.00 GB" }),
      ),
    ).toBe("ready, waiting for memory: needs 2.00 GB");
    expect(
      formatPlainTrackLine(0, view({ key: "F", status: "ready", waitKind: "slot", waitReason: "limit 2" })),
    ).toMatch(/ F ready 0% \(waiting for a slot: limit 2\)$/);
  });

  it("names the view that drives the zone", () => {
    expect(formatZoneLine(budgetSample, 65_000)).toBe(
      "zone YELLOW  agents 1.30 GB of budget 2.00 GB (65.0%)  elapsed 1m 5s",
    );
    expect(formatZoneLine({ ...budgetSample, zoneSource: "machine", budget: null }, null)).toBe(
      "zone YELLOW  machine 8.00 GB of 24.0 GB (33.3%)",
    );
    expect(formatZoneLine(null, 0)).toContain("no memory sample yet");
  });

  it("writes plain lines as time, key, status, percent and RAM", () => {
    expect(formatPlainTrackLine(AT, view({ key: "A", progress: 40, currentBytes: 412e6 }))).toBe(
      "12:00:01 A running 40% 412 MB",
    );
    expect(
      formatPlainTrackLine(
        AT,
        view({ key: "B", status: "failed", progress: 30, exitSummary: "exit code 3" }),
      ),
    ).toBe("12:00:01 B failed 30% (exit code 3)");
    expect(formatClock(AT)).toBe("12:00:01");
  });

  it("cuts lines to the terminal width without counting or breaking colour codes", () => {
    const coloured = "ab\x1b[32mcdef\x1b[0mgh";
    expect(truncateVisible(coloured, 4)).toBe("ab\x1b[32mcd\x1b[0m");
    expect(truncateVisible(coloured, 8)).toBe(coloured);
  });
});

describe("plain display", () => {
  it("prints a line only when a track's status changes or its progress crosses a tenth", () => {
    const out = sink();
    const display = createProgressDisplay({ out, live: false, colour: false, now: () => AT });
    display.update([view({ key: "A", status: "pending" })], budgetSample, 0);
    display.update([view({ key: "A", status: "running", progress: 1 })], budgetSample, 0);
    display.update([view({ key: "A", status: "running", progress: 5 })], budgetSample, 0);
    display.update([view({ key: "A", status: "running", progress: 12 })], budgetSample, 0);
    display.update([view({ key: "A", status: "completed", progress: 100 })], budgetSample, 0);
    const lines = out.text().trimEnd().split("\n");
    expect(lines).toEqual([
      "12:00:01 zone YELLOW  agents 1.30 GB of budget 2.00 GB (65.0%)",
      "12:00:01 A pending 0%",
      "12:00:01 A running 1%",
      "12:00:01 A running 12%",
      "12:00:01 A completed 100%",
    ]);
    expect(out.text()).not.toContain("\x1b[");
  });

  it("prints a ready track again when what it waits for changes, not when only its figures do", () => {
    const out = sink();
    const display = createProgressDisplay({ out, live: false, colour: false, now: () => AT });
    const ready = (waitKind: TrackView["waitKind"], waitReason: string | null) =>
      view({ key: "A", status: "ready", waitKind, waitReason });
    display.update([ready(null, null)], budgetSample, 0);
    display.update([ready("closed", "admission reopens in 10 s")], budgetSample, 0);
    display.update([ready("too-large", "needs 52 MB, 30 MB headroom")], budgetSample, 0);
    display.update([ready("too-large", "needs 53 MB, 29 MB headroom")], budgetSample, 0);
    expect(out.text().trimEnd().split("\n").slice(1)).toEqual([
      "12:00:01 A ready 0%",
      "12:00:01 A ready 0% (waiting for admission to reopen: admission reopens in 10 s)",
      "12:00:01 A ready 0% (waiting for a larger budget: needs 52 MB, 30 MB headroom)",
    ]);
  });
});

describe("live display", () => {
  it("redraws the block in place, with notes scrolling above it, and restores the cursor at the end", () => {
    vi.useFakeTimers();
    try {
      const out = { ...sink(), isTTY: true, columns: 200 };
      const display = createProgressDisplay({ out, live: true, colour: false, now: () => AT, redrawMs: 50 });
      expect(out.text()).toBe("\x1b[?25l");
      display.update(
        [view({ key: "A", progress: 10 }), view({ key: "B", status: "pending" })],
        budgetSample,
        0,
      );
      display.update(
        [view({ key: "A", progress: 20 }), view({ key: "B", status: "pending" })],
        budgetSample,
        0,
      );
      // Throttled: nothing drawn until the redraw interval passes, then only the latest state.
      expect(out.chunks).toHaveLength(1);
      vi.advanceTimersByTime(50);
      expect(out.chunks).toHaveLength(2);
      const first = out.chunks[1]!;
      expect(first.split("\n")).toHaveLength(4); // two tracks, the zone line, the final newline
      expect(first).toContain(formatBar(20));
      expect(first).not.toContain("\x1b[3F");

      display.note(AT, "governor: paused B");
      display.update(
        [view({ key: "A", progress: 30 }), view({ key: "B", status: "running" })],
        budgetSample,
        0,
      );
      vi.advanceTimersByTime(50);
      const second = out.chunks[2]!;
      // Up three lines to the block's top, clear to the end of the screen, the note, then the block again.
      expect(second.startsWith("\x1b[3F\x1b[J12:00:01 governor: paused B\n")).toBe(true);
      expect(second).toContain(formatBar(30));

      display.finish();
      expect(out.text().endsWith("\x1b[?25h")).toBe(true);
      const count = out.chunks.length;
      display.update([view({ key: "A", progress: 90 })], budgetSample, 0);
      vi.advanceTimersByTime(500);
      expect(out.chunks).toHaveLength(count);
    } finally {
      vi.useRealTimers();
    }
  });

  it("keeps every line within the terminal's width so the cursor arithmetic holds", () => {
    vi.useFakeTimers();
    try {
      const out = { ...sink(), isTTY: true, columns: 40 };
      const display = createProgressDisplay({ out, live: true, colour: true, now: () => AT, redrawMs: 10 });
      display.note(AT, "x".repeat(100));
      display.update([view({ key: "A", progress: 50, currentBytes: 5e8, peakBytes: 6e8 })], budgetSample, 0);
      display.finish();
      for (const line of out.text().split("\n")) {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI escapes on purpose
        const visible = line.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
        expect(visible.length).toBeLessThanOrEqual(39);
      }
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("stuckReason", () => {
  const tooLarge = view({ key: "A", status: "ready", waitKind: "too-large", waitReason: "needs 100 MB" });
  it("names the ready tracks when nothing runs and every ready one is larger than the Red line on its own", () => {
    expect(stuckReason([tooLarge, view({ key: "B", status: "pending" })])).toBe(
      "A can never start within the RAM budget (needs 100 MB)",
    );
  });
  it("is null while anything runs or is paused, or a ready track waits for anything else", () => {
    expect(stuckReason([tooLarge, view({ key: "B", status: "running" })])).toBeNull();
    expect(stuckReason([tooLarge, view({ key: "B", status: "paused" })])).toBeNull();
    expect(stuckReason([tooLarge, view({ key: "B", status: "ready", waitKind: "memory" })])).toBeNull();
    expect(stuckReason([view({ key: "B", status: "completed" })])).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { entriesStillHeld, reportTokenEntries, reportTokenScope, trackReportToken } from "./report-tokens";
import { newToken, tokenDigest } from "./secret";

describe("report tokens", () => {
  const secret = newToken();
  const entries = reportTokenEntries(secret, ["api", "ui"]);

  it("are one per track, and say which track they report for", () => {
    const api = trackReportToken(secret, "api");
    const ui = trackReportToken(secret, "ui");
    expect(api).not.toBe(ui);
    expect(reportTokenScope(api, entries)).toEqual({ track: "api" });
    expect(reportTokenScope(ui, entries)).toEqual({ track: "ui" });
  });

  it("store only digests, never a token or the run's secret", () => {
    const stored = entries.join(",");
    expect(stored).not.toContain(trackReportToken(secret, "api"));
    expect(stored).not.toContain(secret);
    expect(entries[0]).toBe(`api:${tokenDigest(trackReportToken(secret, "api"))}`);
  });

  it("are not known from another secret, a track's name, the secret itself or an empty string", () => {
    for (const other of [trackReportToken(newToken(), "api"), "api", secret, ""])
      expect(reportTokenScope(other, entries)).toBeNull();
  });

  it("of a server before the restart are still known after it (entries of both secrets kept)", () => {
    const later = newToken();
    const both = [...entries, ...reportTokenEntries(later, ["api", "ui"])];
    expect(reportTokenScope(trackReportToken(secret, "ui"), both)).toEqual({ track: "ui" });
    expect(reportTokenScope(trackReportToken(later, "api"), both)).toEqual({ track: "api" });
  });

  it("stored before per-track tokens (a bare digest) report for any track of their run", () => {
    const runWide = newToken();
    expect(reportTokenScope(runWide, [tokenDigest(runWide), ...entries])).toEqual({ track: null });
  });

  it("after a restart, stay for the tracks whose agents live on; a run-wide one while any agent does", () => {
    const bare = tokenDigest(newToken());
    expect(entriesStillHeld([bare, ...entries], new Set(["ui"]))).toEqual([bare, entries[1]]);
    expect(entriesStillHeld([bare, ...entries], new Set())).toEqual([]);
  });
});

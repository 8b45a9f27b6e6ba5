import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parsePsi, readPsi } from "./psi";

const fixture = (name: string) => path.join(__dirname, "fixtures", name);

describe("parsePsi", () => {
  it("takes avg10 of the some and full lines", () => {
    expect(parsePsi(readFileSync(fixture("psi-memory-busy.txt"), "utf8"))).toEqual({
      some10: 12.34,
      full10: 3.5,
    });
  });

  it("treats a missing full line as no full stalls", () => {
    expect(parsePsi(readFileSync(fixture("psi-some-only.txt"), "utf8"))).toEqual({ some10: 0.75, full10: 0 });
  });

  it("returns null when there is no some line", () => {
    expect(parsePsi("")).toBeNull();
    expect(parsePsi("full avg10=1.00 avg60=0.00 avg300=0.00 total=1")).toBeNull();
    expect(parsePsi("garbage")).toBeNull();
  });
});

describe("readPsi", () => {
  it("reads a fixture file", async () => {
    expect(await readPsi(fixture("psi-memory-busy.txt"))).toEqual({ some10: 12.34, full10: 3.5 });
  });

  it("gives null, not an error, for a missing or unreadable file", async () => {
    await expect(readPsi(fixture("no-such-file"))).resolves.toBeNull();
    await expect(readPsi(fixture("cgroup"))).resolves.toBeNull(); // a directory
  });
});

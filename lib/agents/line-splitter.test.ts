import { describe, expect, it } from "vitest";
import { createLineSplitter } from "./line-splitter";

describe("createLineSplitter", () => {
  it("splits chunks into lines and keeps the tail for the next chunk", () => {
    const splitter = createLineSplitter();
    expect(splitter.push(Buffer.from("one\ntw"))).toEqual(["one"]);
    expect(splitter.push(Buffer.from("o\r\nthree\n\nfour"))).toEqual(["two", "three", ""]);
    expect(splitter.end()).toEqual(["four"]);
    expect(splitter.end()).toEqual([]);
  });

  it("does not break a UTF-8 character split across chunks", () => {
    const bytes = Buffer.from("héllo ✓\n");
    const splitter = createLineSplitter();
    const lines = [...bytes].flatMap((byte) => splitter.push(Buffer.from([byte])));
    expect(lines).toEqual(["héllo ✓"]);
  });

  it("cuts lines longer than the limit, also without a newline", () => {
    const splitter = createLineSplitter(4);
    expect(splitter.push("abcdefghij\n")).toEqual(["abcd", "efgh", "ij"]);
    expect(splitter.push("0123456789")).toEqual(["0123", "4567"]);
    expect(splitter.end()).toEqual(["89"]);
  });
});

import { describe, expect, it } from "vitest";
import { decodePlanBytes, readPlanFileText } from "./plan-file-text";

const fileOf = (name: string, bytes: Uint8Array) => ({
  name,
  size: bytes.length,
  arrayBuffer: async () => bytes.slice().buffer,
});

describe("readPlanFileText", () => {
  it("reads a UTF-8 plan as it is, unicode included", async () => {
    const text = "name: Планировщик 🚀\ntracks:\n  - key: a\n    command: echo é\n";
    expect(await readPlanFileText(fileOf("p.yaml", new TextEncoder().encode(text)))).toEqual({
      ok: true,
      text,
    });
  });

  it("refuses a file that is not UTF-8 at the line and column of its first bad byte, as the CLI does", async () => {
    const latin1 = Uint8Array.from([..."name: caf"].map((c) => c.charCodeAt(0)).concat([0xe9, 0x0a]));
    expect(await readPlanFileText(fileOf("latin1.yaml", latin1))).toEqual({
      ok: false,
      error: "latin1.yaml:1:10: not UTF-8 text; save the plan as UTF-8",
    });
    const second = new TextEncoder().encode("name: é\ntracks: x");
    const bad = Uint8Array.from([...second, 0xff]);
    expect(decodePlanBytes("b.yaml", bad)).toEqual({
      ok: false,
      error: "b.yaml:2:10: not UTF-8 text; save the plan as UTF-8",
    });
  });

  it("refuses a file over the plan size limit without reading it", async () => {
    let read = false;
    const result = await readPlanFileText({
      name: "huge.yaml",
      size: 5 * 1024 * 1024,
      arrayBuffer: async () => {
        read = true;
        return new ArrayBuffer(0);
      },
    });
    expect(result).toEqual({
      ok: false,
      error:
        "huge.yaml is larger than 1048576 bytes; plans are a few kB (split it, or move long texts into files)",
    });
    expect(read).toBe(false);
  });
});

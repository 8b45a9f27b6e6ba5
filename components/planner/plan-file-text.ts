// A plan file the lead opens in the Planner, read as the CLI and the server read plan files: UTF-8 only (a
// Latin-1 "é" is refused at its line and column, not turned into "\uFFFD" and started that way) and at most the
// plan size limit (a stray 50 MB file would freeze the editor, and the server would refuse it anyway).
import { PLAN_LIMITS } from "@/lib/domain/plan/plan-limits";

export type PlanFileText = { ok: true; text: string } | { ok: false; error: string };

/** The file's text, or why the Planner does not take it. */
export async function readPlanFileText(file: {
  name: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}): Promise<PlanFileText> {
  if (file.size > PLAN_LIMITS.sourceBytes) {
    return {
      ok: false,
      error: `${file.name} is larger than ${PLAN_LIMITS.sourceBytes} bytes; plans are a few kB (split it, or move long texts into files)`,
    };
  }
  return decodePlanBytes(file.name, new Uint8Array(await file.arrayBuffer()));
}

/** UTF-8 text (a byte order mark dropped), or where the first byte that is not UTF-8 sits. */
export function decodePlanBytes(name: string, bytes: Uint8Array): PlanFileText {
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    // The lenient decoding puts U+FFFD where the first bad byte was (a file that also holds a real U+FFFD
    // earlier is pointed there: close enough to find it).
    const lenient = new TextDecoder("utf-8").decode(bytes);
    const before = lenient.slice(0, Math.max(0, lenient.indexOf("\uFFFD")));
    const lines = before.split("\n");
    const column = [...(lines.at(-1) ?? "")].length + 1;
    return { ok: false, error: `${name}:${lines.length}:${column}: not UTF-8 text; save the plan as UTF-8` };
  }
}

// The exit file paratrack-shim writes (atomically: tmp + rename) when the agent's leader exits, so that an exit
// that happens while no server runs is still known. Reading it never throws: missing and corrupt are results.

import { readFileSync } from "node:fs";
import { constants } from "node:os";
import { z } from "zod";

export const exitRecordSchema = z.object({
  code: z.number().int().nullable(),
  signal: z
    .string()
    .refine((name) => name in constants.signals, "not a signal name")
    .nullable(),
  endedAt: z.iso.datetime(),
  /** The leader's pid and start ticks, so that a record is never taken for another process's. */
  pid: z.number().int().positive().optional(),
  startTicks: z.number().int().optional(),
  /** Why the agent could not start (the shim could not enter the workdir or run /bin/sh); null otherwise. */
  error: z.string().nullable().optional(),
  /**
   * The leader has ended but its status is unknown (error says why): its shim was killed and it left no keeper's
   * record (an agent started before keepers, or its keeper was killed).
   */
  interrupted: z.boolean().optional(),
});

export type ExitRecord = {
  code: number | null;
  signal: NodeJS.Signals | null;
  endedAt: string;
  pid?: number;
  startTicks?: number;
  error?: string | null;
  interrupted?: boolean;
};

export type ExitFileRead =
  | { kind: "recorded"; record: ExitRecord }
  | { kind: "missing" }
  | { kind: "corrupt"; reason: string };

/** Where the exit status of the agent logging to logPath is recorded (beside its log, in the data directory). */
export function exitFilePathFor(logPath: string): string {
  return `${logPath}.exit.json`;
}

/**
 * Where the agent's keeper (its parent, native/shim/shim-keeper.c) records its end, beside the exit file: read when
 * its shim was killed before it could record the end itself.
 */
export function keeperRecordPathFor(exitPath: string): string {
  return `${exitPath}.keeper.json`;
}

/** Parses an exit record (the file's text or the shim's "exit" line without its type). */
export function parseExitRecord(text: string): { record: ExitRecord } | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    return { error: `not JSON (${cause instanceof Error ? cause.message : String(cause)})` };
  }
  const parsed = exitRecordSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { error: `${issue?.path.join(".") || "record"}: ${issue?.message ?? "invalid"}` };
  }
  return { record: { ...parsed.data, signal: parsed.data.signal as NodeJS.Signals | null } };
}

/** Reads the exit file; never throws. */
export function readExitFile(exitPath: string): ExitFileRead {
  let text: string;
  try {
    text = readFileSync(exitPath, "utf8");
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { kind: "missing" };
    return { kind: "corrupt", reason: `exit file ${exitPath} cannot be read (${code ?? String(cause)})` };
  }
  if (text.trim() === "") return { kind: "corrupt", reason: `exit file ${exitPath} is empty` };
  const parsed = parseExitRecord(text);
  if ("error" in parsed)
    return { kind: "corrupt", reason: `exit file ${exitPath} is corrupt: ${parsed.error}` };
  return { kind: "recorded", record: parsed.record };
}

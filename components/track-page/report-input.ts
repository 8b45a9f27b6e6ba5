// The report form's text: YAML (the seed's daily-status format) read into an object for the API,
// and the server's problems placed back on the lines of that text.
import { type Document, LineCounter, parseDocument } from "yaml";

/** One thing wrong with a submitted report, located in the text where possible. */
export type ReportProblem = { path: string; message: string; line?: number; col?: number };

export type ReportText =
  | {
      ok: true;
      body: Record<string, unknown>;
      locate: (path: string) => { line: number; col: number } | null;
    }
  | { ok: false; problems: ReportProblem[] };

/** Parses the YAML; syntax errors and a non-mapping document are problems, the fields are left to the server. */
export function readReportText(text: string): ReportText {
  if (text.trim() === "") {
    return { ok: false, problems: [{ path: "(report)", message: "is empty: paste a daily status in YAML" }] };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { path: "(yaml)", message: firstLine(e.message), line: pos.line, col: pos.col };
      }),
    };
  }
  const body = doc.toJS() as unknown;
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    return {
      ok: false,
      problems: [
        { path: "(report)", message: "must be a mapping of daily status fields (date, track, ...)" },
      ],
    };
  }
  return {
    ok: true,
    body: body as Record<string, unknown>,
    locate: (path) => locatePath(doc, lineCounter, path),
  };
}

/** "blockers[0].severity" → ["blockers", 0, "severity"]; "(root)" → []. */
export function parseProblemPath(path: string): (string | number)[] {
  if (path === "" || path.startsWith("(")) return [];
  const segments: (string | number)[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) segments.push(Number(match[2]));
    else if (match[1] !== undefined) segments.push(match[1]);
  }
  return segments;
}

/** The server's `details` (a list of { path, message }) as problems; anything else gives none. */
export function toReportProblems(
  details: unknown,
  locate?: (path: string) => { line: number; col: number } | null,
): ReportProblem[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((d): ReportProblem[] => {
    if (!d || typeof d !== "object") return [];
    const { path, message } = d as { path?: unknown; message?: unknown };
    if (typeof message !== "string") return [];
    const where = typeof path === "string" ? path : "(report)";
    const pos = locate?.(where);
    return [pos ? { path: where, message, ...pos } : { path: where, message }];
  });
}

/** "line 4: status must be one of ..." */
export function formatProblem(problem: ReportProblem): string {
  const at = problem.line ? `line ${problem.line}: ` : "";
  const subject = problem.path.startsWith("(") ? "" : `${problem.path} `;
  return `${at}${subject}${problem.message}`;
}

function locatePath(
  doc: Document,
  lineCounter: LineCounter,
  path: string,
): { line: number; col: number } | null {
  const segments = parseProblemPath(path);
  // Walk up until a node exists: a missing or unknown field is shown where its parent is.
  for (let n = segments.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(segments.slice(0, n), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) {
      // For a field, point at its key rather than its value.
      const keyPos = n > 0 ? keyRange(doc, segments.slice(0, n)) : null;
      return lineCounter.linePos(keyPos ?? range[0]);
    }
  }
  return null;
}

function keyRange(doc: Document, segments: (string | number)[]): number | null {
  const last = segments[segments.length - 1];
  if (typeof last !== "string") return null;
  const parent = segments.length === 1 ? doc.contents : doc.getIn(segments.slice(0, -1), true);
  const items = (
    parent as { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] } | null
  )?.items;
  const pair = items?.find((item) => item.key?.value === last);
  return pair?.key?.range?.[0] ?? null;
}

function firstLine(message: string): string {
  return message.split("\n")[0] ?? message;
}

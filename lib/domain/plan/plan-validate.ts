// Reads a plan file: every problem at once with file, line and column, else the normalised Plan.
// The steps live beside it: plan-yaml-locations (where), plan-zod-messages (what), plan-checks (across fields),
// plan-normalise (the Plan).
import { type Document, Lexer, LineCounter, parseDocument, visit } from "yaml";
import type { Plan } from "../types";
import { checkPlanSemantics } from "./plan-checks";
import { findMaskedValues, findRereadEnvValues } from "./plan-checks-env";
import { checkWorkdirsInRepo } from "./plan-checks-workdir";
import type { PlanIssue } from "./plan-issues";
import { PLAN_LIMITS } from "./plan-limits";
import { normalisePlan } from "./plan-normalise";
import { planFileSchema } from "./plan-schema";
import { readListSlips, type YamlSyntaxError } from "./plan-yaml-list-slips";
import { findDuplicateKeys, type Located, locateFindings } from "./plan-yaml-locations";
import { findMergeKeys, isAtMergeKey } from "./plan-yaml-merge-keys";
import { describeDefaultIssue, dropExplainedMissingFields, fromZodIssue } from "./plan-zod-messages";

// Widely imported with validatePlan, so re-exported here: callers need not know where issues are defined.
export { formatPlanIssues, type PlanIssue } from "./plan-issues";

export type ValidatePlanOptions = {
  /** Shown in issues, e.g. the path the user typed. */
  fileName: string;
  /** The plan file's directory: relative workdirs resolve against it. */
  baseDir: string;
  /** RAM a single track may at most need (the machine's or cgroup's total); null skips that check. */
  effectiveTotalBytes: number | null;
  /**
   * Env values and a webhook that are the dashboard's mask (a plan loaded from a run): an error (default) for a plan
   * that may run, a warning for one that is only planned (what-if).
   */
  maskedValues?: "error" | "warning";
};

export type PlanValidation =
  | { ok: true; plan: Plan; warnings: PlanIssue[] }
  | { ok: false; errors: PlanIssue[]; warnings: PlanIssue[] };

/** Parses and checks a plan file's text; pure (the caller reads the file and the machine's RAM). */
export function validatePlan(source: string, options: ValidatePlanOptions): PlanValidation {
  // Checked before parsing: the size bounds what parsing may cost.
  if (utf8Length(source) > PLAN_LIMITS.sourceBytes) {
    return failWith([
      {
        file: options.fileName,
        line: 1,
        column: 1,
        path: "",
        message: `the plan is larger than ${PLAN_LIMITS.sourceBytes} bytes; plans are a few kB (split it, or move long texts into files)`,
        severity: "error",
      },
    ]);
  }
  const lineCounter = new LineCounter();
  // uniqueKeys off: duplicate keys are reported below with both places named, and the rest still gets checked.
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const toWarning = (warning: { message: string; pos: [number, number] }): Located => ({
    path: [],
    message: warning.message,
    severity: "warning",
    offset: warning.pos[0],
  });
  const findings: Located[] = doc.warnings.map(toWarning);
  const locateAll = (all: readonly Located[]) =>
    locateFindings(all, doc.contents, lineCounter, options.fileName);
  const parserErrors = doc.errors.map((error) => ({
    code: error.code,
    message: error.message,
    offset: error.pos[0],
  }));
  // Past a stack overflow the parser's other complaints are echoes of it: say it once.
  const tooDeep = describeSyntaxErrors(parserErrors, source).find(
    (error) => error.message === `YAML: ${TOO_DEEP}`,
  );
  if (tooDeep) return failWith(locateAll([tooDeep]));
  // "-key: A", a track without its "- ": said in plain words, with the parser's echoes of them left out. Only for a
  // plan with errors: a plan that parses and validates is never told of a slip (an unusual layout is not one).
  const listSlips = doc.errors.length > 0 ? readListSlips(source, doc) : null;
  const syntaxErrors = [
    ...(listSlips?.slips ?? []),
    ...describeSyntaxErrors(listSlips?.errors ?? parserErrors, source),
  ];
  // Past a syntax error the data is a guess, so schema findings would mostly be noise.
  if (syntaxErrors.length > 0) return failWith(locateAll([...findings, ...syntaxErrors]));

  findings.push(...findDuplicateKeys(doc.contents, [], lineCounter));
  findings.push(...findRereadEnvValues(doc.contents, source));
  const mergeKeys = findMergeKeys(doc.contents);
  findings.push(...mergeKeys);
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    // e.g. an alias bomb ("billion laughs") past maxAliasCount, or an alias of an anchor never set.
    const message = (error as Error).message;
    findings.push({
      path: [],
      message: `YAML: ${describeYamlError(message)}`,
      severity: "error",
      offset: unresolvedAliasOffset(doc, message),
    });
    return failWith(locateAll(findings));
  }
  if (raw === null || raw === undefined) {
    findings.push({ path: [], message: "the plan file is empty", severity: "error" });
    return failWith(locateAll(findings));
  }
  const parsed = planFileSchema.safeParse(raw, { reportInput: true, error: describeDefaultIssue });
  const checked = [
    ...(parsed.success
      ? []
      : dropExplainedMissingFields(parsed.error.issues.flatMap((issue) => fromZodIssue(issue, [])))),
    ...checkPlanSemantics(raw, options.effectiveTotalBytes),
    ...findMaskedValues(raw, options.maskedValues ?? "error"),
  ];
  // A merge key is said once, as a merge key, not again as an unknown field or a bad name.
  findings.push(...checked.filter((finding) => !isAtMergeKey(finding.path, mergeKeys)));

  const issues = locateAll(findings);
  const errors = issues.filter((issue) => issue.severity === "error");
  const warnings = issues.filter((issue) => issue.severity === "warning");
  if (errors.length > 0 || !parsed.success) {
    // The parser may read a slip as data ("-key: A" alone is a key named "-key"): then the slip is what to fix.
    const slips = readListSlips(source, doc);
    if (slips)
      return failWith(
        locateAll([
          ...doc.warnings.map(toWarning),
          ...slips.slips,
          ...describeSyntaxErrors(slips.errors, source),
        ]),
      );
    return { ok: false, errors, warnings };
  }
  const plan = normalisePlan(parsed.data, options.baseDir);
  // Only resolved paths tell whether a workdir lies in the repo (one may be absolute, the other relative).
  return { ok: true, plan, warnings: [...warnings, ...locateAll(checkWorkdirsInRepo(plan, raw))] };
}

/** The parser's errors in its words, with what usually causes them in a hand-written plan. */
function describeSyntaxErrors(errors: readonly YamlSyntaxError[], source: string): Located[] {
  // "Implicit keys need to be on a single line" comes with "Nested mappings …" at the same place: its echo.
  const nestedAt = new Set(
    errors.filter((error) => error.code === "BLOCK_AS_IMPLICIT_KEY").map((error) => error.offset),
  );
  const ownErrors = errors.filter(
    (error) => !(error.code === "MULTILINE_IMPLICIT_KEY" && nestedAt.has(error.offset)),
  );
  return ownErrors.map((error) => {
    // The parser reports a quote never closed at the end of the file; the place to fix is where it opens.
    const opened = /^Missing closing .?quote/.test(error.message) ? unclosedQuoteOffset(source) : null;
    return {
      path: [],
      message:
        error.code === "MULTIPLE_DOCS"
          ? 'YAML: a plan file holds one document; remove the second "---"'
          : opened !== null
            ? "YAML: this quote is never closed (the parser looked for its end up to the end of the file)"
            : `YAML: ${describeYamlError(error.message)}${YAML_ERROR_HINTS[error.code] ?? YAML_ERROR_HINTS[error.message] ?? ""}`,
      severity: "error",
      offset: opened ?? error.offset,
    };
  });
}

/** Where the alias that toJS could not resolve is written (its message names it but has no position). */
function unresolvedAliasOffset(doc: Document, message: string): number | undefined {
  const name = /^Unresolved alias\b.*: (.+)$/.exec(message)?.[1];
  if (name === undefined) return undefined;
  let offset: number | undefined;
  visit(doc, {
    Alias(_, alias) {
      if (alias.source !== name || alias.resolve(doc) !== undefined) return undefined;
      offset = alias.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}

// The parser's words name its grammar; these say which slip in a hand-written plan usually causes them.
const YAML_ERROR_HINTS: Partial<Record<string, string>> = {
  BLOCK_AS_IMPLICIT_KEY:
    ': the value here holds ": " (quote it, e.g. command: "claude -p \'fix: the bug\'"), or the next line is indented deeper than the fields beside it',
  TAB_AS_INDENT: ": indent with spaces",
  "Sequence item without - indicator":
    ': this line is indented less than the fields above it (line it up with them), or a list item lacks its "- "',
};

const TOO_DEEP =
  "the plan is nested too deeply to read (brackets or indentation a thousand levels deep or more)";

/** Where the quoted scalar that never closes begins, from the lexer's tokens; null when none is found. */
function unclosedQuoteOffset(source: string): number | null {
  let offset = 0;
  for (const token of new Lexer().lex(source)) {
    const quote = token[0];
    if ((quote === '"' || quote === "'") && !isClosedQuote(token)) return offset;
    // The lexer's own markers (document start, scalar start) are not in the source.
    const isMarker = token.length === 1 && token.charCodeAt(0) < 0x20 && !"\t\n\r".includes(token);
    if (!isMarker) offset += token.length;
  }
  return null;
}

/** '"a"', "'it''s'" and '"a\\"' close; '"a', "'it''s" and '"a\\"' (an escaped quote) do not. */
function isClosedQuote(token: string): boolean {
  const quote = token[0]!;
  if (token.length < 2 || !token.trimEnd().endsWith(quote)) return false;
  const body = token.trimEnd().slice(1, -1);
  if (quote === "'") return (body.match(/'+$/)?.[0].length ?? 0) % 2 === 0;
  return (body.match(/\\+$/)?.[0].length ?? 0) % 2 === 0;
}

// The parser recurses once per level of nesting; past about a thousand levels it runs out of stack.
function describeYamlError(message: string): string {
  return message.includes("Maximum call stack size exceeded") ? TOO_DEEP : message;
}

function failWith(issues: readonly PlanIssue[]): PlanValidation {
  return {
    ok: false,
    errors: issues.filter((issue) => issue.severity === "error"),
    warnings: issues.filter((issue) => issue.severity === "warning"),
  };
}

/** Bytes of `text` in UTF-8, without allocating (this module also runs in the browser). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

// What the API may show of a plan: environment values and the webhook URL (it may hold a secret) masked in its
// text (names kept), and validation messages
// without quoted file content when the file was named by a path the server read. Pure.
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from "yaml";
import type { Plan } from "../types";
import { DURATION_FORM, SIZE_FORM } from "../units";
import { MASK } from "./plan-mask";
import { planJsonSchema } from "./plan-schema";
import type { PlanIssue } from "./plan-validate";

export { MASK };

/**
 * The plan's text with the value of every `env` entry and of `notify.webhook` replaced by a mask, the rest byte
 * for byte. Text that does
 * not parse as a mapping is returned as it is when it has no `env` anywhere, else as a one-line notice.
 */
export function maskPlanEnv(source: string): string {
  const doc = parseDocument(source, { keepSourceTokens: false, uniqueKeys: false });
  const ranges: Array<[number, number]> = [];
  collectEnvValues(doc.contents, false, ranges, null);
  if (doc.errors.length > 0 && /(^|\n)\s*-?\s*env\s*:/.test(source) && ranges.length === 0) {
    return "# the plan's text is hidden: it does not parse, and it may hold environment values\n";
  }
  let masked = source;
  for (const [start, end] of ranges.sort((a, b) => b[0] - a[0])) {
    masked = `${masked.slice(0, start)}"${MASK}"${masked.slice(end)}`;
  }
  return masked;
}

/** A plan with every env value and the webhook URL masked (for views built from the stored plan). */
export function maskPlanEnvValues(plan: Plan): Plan {
  return {
    ...plan,
    ...(plan.notify ? { notify: { webhook: plan.notify.webhook === null ? null : MASK } } : {}),
    tracks: plan.tracks.map((track) => ({
      ...track,
      env: Object.fromEntries(Object.keys(track.env).map((name) => [name, MASK])),
    })),
  };
}

function collectEnvValues(
  node: YamlNode | null | undefined,
  underEnv: boolean,
  out: Array<[number, number]>,
  parentKey: string | null,
) {
  if (!node) return;
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : null;
      const value = pair.value as YamlNode | null;
      if (underEnv || (parentKey === "notify" && key === "webhook")) {
        const range = (value as { range?: [number, number, number] } | null)?.range;
        if (range) out.push([range[0], range[1]]);
        continue;
      }
      collectEnvValues(value, key === "env", out, key);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) collectEnvValues(item as YamlNode, false, out, null);
  }
}

/**
 * Issues of a plan file the server read by path, without anything taken from the file: the problem and the
 * position stay; every quoted piece becomes "…" unless it is one of the schema's own words or Paratrack's examples,
 * and every word that occurs in the file's text becomes "…" elsewhere ("got 42", "tracks are: A, B"). A message
 * then keeps Paratrack's wording but never the file's: a value shown in another form (decoded, re-spelt, built
 * into an example) is quoted, so it goes too. (A path could name a secret; its content must never come back.)
 */
export function redactPlanIssues(issues: readonly PlanIssue[], source: string): PlanIssue[] {
  const inFile = new Set(source.split(WORD_BREAK).flatMap((word) => [word, word.replace(/\.+$/, "")]));
  return issues.map((issue) => ({
    ...issue,
    path: redactPath(issue.path),
    message: redactMessage(issue.message, inFile).slice(0, 300),
  }));
}

let vocabulary: Set<string> | null = null;

/** Every field name and every enumerated value the plan file's schema knows, at any depth. */
function planVocabulary(): Set<string> {
  if (vocabulary) return vocabulary;
  const names = new Set<string>();
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key === "properties" && value && typeof value === "object")
          for (const name of Object.keys(value)) names.add(name);
        if (key === "enum" && Array.isArray(value))
          for (const item of value) if (typeof item === "string") names.add(item);
        if (key === "const" && typeof value === "string") names.add(value);
        walk(value);
      }
    }
  };
  walk(planJsonSchema());
  vocabulary = names;
  return names;
}

/** "tracks[1].ram" stays; a segment that is not a field of the plan (a key taken from the file) becomes "…". */
function redactPath(path: string): string {
  const known = planVocabulary();
  return path
    .replace(/\[("(?:[^"\\]|\\.)*")\]/g, "[…]")
    .split(".")
    .map((segment) => {
      const name = segment.replace(/\[.*$/, "");
      return name === "" || known.has(name) ? segment : `…${segment.slice(name.length)}`;
    })
    .join(".");
}

/** Words the messages use that a file may hold too (a comment, a track keyed "to"): not worth a "…". */
const MESSAGE_WORDS = new Set([
  "an",
  "the",
  "of",
  "to",
  "in",
  "is",
  "it",
  "or",
  "and",
  "be",
  "as",
  "at",
  "on",
  "by",
]);

/** Between words, in the file's text and in messages alike. */
const WORD_BREAK = /[\s,;:()[\]{}→/\\=<>|"'`*&!#%@?+~^$]+/u;

/** Quoted pieces of Paratrack's own that messages show: the examples of a size and a duration, and a few more. */
const EXAMPLES = new Set([
  ...[SIZE_FORM, DURATION_FORM].flatMap((form) => [...form.matchAll(/"([^"]*)"/g)].map((m) => m[1]!)),
  "auto",
  "<<: *anchor",
  "claude -p 'fix: the bug'",
]);

/** Tells nothing of the file: a single character, a number of up to three digits, or a little punctuation. */
function saysNothing(text: string): boolean {
  return text.length <= 1 || /^\d{1,3}$/.test(text) || (text.length <= 3 && !/[\p{L}\p{N}]/u.test(text));
}

function redactMessage(message: string, inFile: ReadonlySet<string>): string {
  const known = planVocabulary();
  const quoted = (open: string, text: string, close: string) =>
    known.has(text) || EXAMPLES.has(text) || saysNothing(text)
      ? `${open}${text}${close}`
      : `${open}…${close}`;
  const parts = message.split(/("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)/);
  return parts
    .map((part, i) => {
      if (i % 2 === 1) return quoted(part[0]!, part.slice(1, -1), part[part.length - 1]!);
      return part
        .split(new RegExp(`(${WORD_BREAK.source})`, "u"))
        .map((word, j) => {
          if (j % 2 === 1 || word === "") return word;
          // "B." at a sentence's end is the word "B".
          const bare = word.replace(/\.+$/, "");
          const mine = known.has(bare) || MESSAGE_WORDS.has(bare) || saysNothing(bare) || !inFile.has(bare);
          return mine ? word : `…${word.slice(bare.length)}`;
        })
        .join("");
    })
    .join("");
}

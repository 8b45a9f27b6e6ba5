// What the API may show of a plan: environment values and the webhook URL (it may hold a secret) masked in its
// text (names kept), and validation messages
// without quoted file content when the file was named by a path the server read. Pure.
import { isMap, isScalar, isSeq, parseDocument, visit, type Node as YamlNode } from "yaml";
import type { Plan } from "../types";
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
 * Issues of a plan file the server read by path, without anything taken from the file: the problem, the position
 * and Paratrack's own words and examples stay; the file's values, keys and any quoted piece of its text become "…".
 * (A path could name a secret; its content must never come back in an error.)
 */
export function redactPlanIssues(issues: readonly PlanIssue[], source: string): PlanIssue[] {
  const fromFile = fileWords(source);
  return issues.map((issue) => ({
    ...issue,
    path: redactPath(issue.path),
    message: redactMessage(issue.message, source, fromFile).slice(0, 300),
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

/** Words the messages use that a file may hold as a value too (a track keyed "a"): not worth a "…". */
const MESSAGE_WORDS = new Set([
  "a",
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

/** The file's keys and values (as written and as YAML read them), anchors and tags: what a message may repeat. */
function fileWords(source: string): Set<string> {
  const words = new Set<string>();
  const doc = parseDocument(source, { uniqueKeys: false, prettyErrors: false });
  visit(doc, {
    Scalar(_key, node) {
      words.add(String(node.value));
      if (node.range) words.add(source.slice(node.range[0], node.range[1]).trim());
      if (node.anchor) words.add(node.anchor);
      if (node.tag) words.add(node.tag);
    },
    Alias(_key, node) {
      words.add(node.source);
    },
  });
  words.delete("");
  return words;
}

function redactMessage(message: string, source: string, fromFile: ReadonlySet<string>): string {
  const known = planVocabulary();
  // A single character, or punctuation alone ("- ", "<<"), tells nothing of the file.
  const own = (text: string) =>
    known.has(text) || MESSAGE_WORDS.has(text) || text.length <= 1 || !/[\p{L}\p{N}]/u.test(text);
  // Quoted: anything found in the file's text goes (a piece of a command, a comment); the schema's words and
  // Paratrack's examples ("8GB") stay unless the file holds them.
  const quoted = (open: string, text: string, close: string) =>
    own(text) || !source.includes(text) ? `${open}${text}${close}` : `${open}…${close}`;
  const parts = message.split(/("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)/);
  return parts
    .map((part, i) => {
      if (i % 2 === 1) return quoted(part[0]!, part.slice(1, -1), part[part.length - 1]!);
      // Unquoted: a whole key or value of the file ("got 42", "tracks are: A, B").
      return part.replace(/[^\s,;:()[\]{}→/]+/g, (word) => {
        const bare = word.replace(/[.]$/, "");
        return fromFile.has(bare) && !own(bare) ? `…${word.slice(bare.length)}` : word;
      });
    })
    .join("");
}

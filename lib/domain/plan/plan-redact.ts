// What the API may show of a plan: environment values and the webhook URL (it may hold a secret) masked in its
// text (names kept), and validation messages
// without quoted file content when the file was named by a path the server read. Pure.
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from "yaml";
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
 * Issues of a plan file the server read by path, without anything quoted from the file: the problem and the
 * position stay, the text goes. (A path could name a secret; its content must never come back in an error.)
 */
export function redactPlanIssues(issues: readonly PlanIssue[]): PlanIssue[] {
  return issues.map((issue) => ({
    ...issue,
    path: redactPath(issue.path),
    message: redactQuoted(issue.message).slice(0, 300),
  }));
}

let vocabulary: Set<string> | null = null;

/** Every field name the plan file's schema knows, at any depth. */
function planVocabulary(): Set<string> {
  if (vocabulary) return vocabulary;
  const names = new Set<string>();
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key === "properties" && value && typeof value === "object")
          for (const name of Object.keys(value)) names.add(name);
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

function redactQuoted(text: string): string {
  return text
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/'(?:[^'\\]|\\.)*'/g, "'…'")
    .replace(/`[^`]*`/g, "`…`");
}

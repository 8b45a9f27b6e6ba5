// Where in the YAML text a problem sits: data paths turned into line and column, and duplicate keys (which a
// parsed object hides) found on the document itself.
import { isMap, isScalar, isSeq, type LineCounter, type YAMLMap, type Node as YamlNode } from "yaml";
import type { Located } from "./plan-finding";
import { formatDataPath, type PlanIssue } from "./plan-issues";
import { nounOf } from "./plan-yaml-list-slips";

/** A finding that may already know its offset in the source (YAML errors, duplicate keys). */
export type { Located };

/** Gives each finding its file, line and column, sorted by place in the file. */
export function locateFindings(
  findings: readonly Located[],
  root: unknown,
  lineCounter: LineCounter,
  fileName: string,
): PlanIssue[] {
  return findings
    .map((finding): PlanIssue => {
      const offset = finding.offset ?? locate(root, finding.path, finding.at ?? "value");
      const { line, col } = lineCounter.linePos(offset);
      return {
        file: fileName,
        line,
        column: col,
        path: formatDataPath(finding.path),
        message: finding.message,
        severity: finding.severity,
      };
    })
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

// The offset of a data path in the document: the value's start, or its key's, or the nearest ancestor's.
function locate(root: unknown, path: readonly PropertyKey[], at: "key" | "value"): number {
  let node: unknown = root;
  let best = startOf(root) ?? 0;
  for (let depth = 0; depth < path.length; depth += 1) {
    const segment = path[depth];
    const isLast = depth === path.length - 1;
    if (isMap(node)) {
      // The last of duplicate keys is the one that takes effect, as in toJS().
      const pair = node.items.findLast(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) return best;
      const keyStart = startOf(pair.key);
      if (isLast && at === "key" && keyStart !== undefined) return keyStart;
      best = (isPresent(pair.value) ? startOf(pair.value) : undefined) ?? keyStart ?? best;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      const item: unknown = node.items[segment];
      if (item === undefined) return best;
      best = startOf(item) ?? best;
      node = item;
    } else {
      return best;
    }
  }
  return best;
}

/** Whether a key, given again in this mapping, starts the next list item: the item's first field, or a track's key. */
function itemStart(node: YAMLMap, path: readonly (string | number)[]): (key: string) => boolean {
  // In a flow mapping ({ key: a, key: b }) a repeat is a duplicate: no "- " is missing there.
  if (typeof path.at(-1) !== "number" || node.flow) return () => false;
  const first = node.items[0]?.key;
  const firstKey = isScalar(first) ? String(first.value) : undefined;
  return (key) => key === firstKey || (key === "key" && path.at(-2) === "tracks");
}

function startOf(node: unknown): number | undefined {
  const range = (node as YamlNode | null | undefined)?.range;
  return range ? range[0] : undefined;
}

// An empty value ("ram:") has a zero-width range after the key; pointing at the key reads better.
function isPresent(node: unknown): boolean {
  const range = (node as YamlNode | null | undefined)?.range;
  return !!range && !(isScalar(node) && node.value === null && range[0] === range[1]);
}

/** Duplicate mapping keys, each named with the line of its first occurrence: toJS() would keep only the last. */
export function findDuplicateKeys(
  node: unknown,
  path: (string | number)[],
  lineCounter: LineCounter,
): Located[] {
  const found: Located[] = [];
  if (isMap(node)) {
    let firstLine = new Map<string, number>();
    const startsItem = itemStart(node, path);
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      const start = startOf(pair.key) ?? 0;
      const first = firstLine.get(key);
      if (first === undefined) firstLine.set(key, lineCounter.linePos(start).line);
      else if (startsItem(key)) {
        // A list item's first field again: the next item, written without its "- ". Its other fields are that
        // item's, not duplicates of this one's.
        const line = lineCounter.linePos(start).line;
        const noun = nounOf(path.slice(0, -1));
        const value = isScalar(pair.value) ? ` ${String(pair.value.value)}` : "";
        found.push({
          path: [...path, key],
          message: `line ${line} gives "${key}" again (first on line ${first}): each ${noun} starts with "- ", so this line goes on with the ${noun} above; to start a new ${noun} here, write "- ${key}:${value}"`,
          severity: "error",
          offset: start,
        });
        firstLine = new Map([[key, line]]);
      } else {
        found.push({
          path: [...path, key],
          message: `duplicate key "${key}" (first given on line ${first}); a key may appear once`,
          severity: "error",
          offset: start,
        });
      }
      found.push(...findDuplicateKeys(pair.value, [...path, key], lineCounter));
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      found.push(...findDuplicateKeys(item, [...path, index], lineCounter));
    });
  }
  return found;
}

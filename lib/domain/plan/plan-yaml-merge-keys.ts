// YAML merge keys ("<<: *defaults") belong to YAML 1.1; plans are read as YAML 1.2, where "<<" is an ordinary key, so
// the fields it was meant to copy never arrive. Found on the document, where a plain "<<" can be told from a quoted
// one (under a "%YAML 1.1" directive the parser merges, and its key is a symbol, not the text "<<").
import { isMap, isScalar, isSeq, Scalar } from "yaml";
import type { Located } from "./plan-yaml-locations";

/** The merge key's message: what happened and what to write instead. */
export const MERGE_KEY_MESSAGE =
  'YAML merge keys ("<<: *anchor") are not supported: the fields "<<" would copy are not read; write them out in this mapping instead (an alias as a whole value, e.g. env: *common, does work)';

/** An error at every plain "<<" key of the document, with its data path (the key itself is its last segment). */
export function findMergeKeys(node: unknown, path: (string | number)[] = []): Located[] {
  const found: Located[] = [];
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      if (key === "<<" && pair.key.type === Scalar.PLAIN) {
        found.push({
          path: [...path, key],
          message: MERGE_KEY_MESSAGE,
          severity: "error",
          offset: pair.key.range?.[0],
        });
        continue;
      }
      found.push(...findMergeKeys(pair.value, [...path, key]));
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      found.push(...findMergeKeys(item, [...path, index]));
    });
  }
  return found;
}

/** True for a finding at a merge key the merge-key error already explains (an unknown field, a bad env name …). */
export function isAtMergeKey(path: readonly PropertyKey[], mergeKeys: readonly Located[]): boolean {
  if (path[path.length - 1] !== "<<") return false;
  const text = path.join("\u0000");
  return mergeKeys.some((merge) => merge.path.join("\u0000") === text);
}

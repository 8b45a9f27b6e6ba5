// Environment values reach the agents as text, and two kinds would pass other text than the plan's author meant: an
// unquoted 3.10 that YAML reads as the number 3.1 (found on the document itself, where the written form is), and the
// mask the dashboard shows instead of a secret, in a plan loaded from a run's masked text.
import { isMap, isScalar, isSeq, type Node as YamlNode } from "yaml";
import type { Finding } from "./plan-finding";
import { MASK, MASKED_VALUE_MESSAGE } from "./plan-mask";
import type { Located } from "./plan-yaml-locations";

/** An error at every tracks[].env value that YAML reads as a number or boolean whose text differs from the file's. */
export function findRereadEnvValues(root: unknown, source: string): Located[] {
  const found: Located[] = [];
  if (!isMap(root)) return found;
  const tracks = root.items.findLast((pair) => isScalar(pair.key) && pair.key.value === "tracks")?.value;
  if (!isSeq(tracks)) return found;
  tracks.items.forEach((track, index) => {
    if (!isMap(track)) return;
    const env = track.items.findLast((pair) => isScalar(pair.key) && pair.key.value === "env")?.value;
    if (!isMap(env)) return;
    for (const pair of env.items) {
      const value = pair.value as YamlNode | null;
      if (!isScalar(pair.key) || !isScalar(value) || !value.range) continue;
      if (typeof value.value !== "number" && typeof value.value !== "boolean") continue;
      const written = source.slice(value.range[0], value.range[1]).trim();
      const read = String(value.value);
      if (written === read) continue;
      found.push({
        path: ["tracks", index, "env", String(pair.key.value)],
        // The value itself is not repeated: env values may be secrets, and messages reach logs and the API.
        message: `YAML reads this unquoted value as a ${typeof value.value}, and the agents would get it rewritten (3.10 becomes 3.1, 01234 becomes 1234); quote it to pass it as written`,
        severity: "error",
        offset: value.range[0],
      });
    }
  });
  return found;
}

/**
 * Every env value and the webhook that is the dashboard's mask. An error for a plan about to run (its agents would
 * get the mask); a warning where the plan is only planned (what-if), which needs no secret.
 */
export function findMaskedValues(raw: unknown, severity: "error" | "warning"): Finding[] {
  if (!isRecord(raw)) return [];
  const found: Finding[] = [];
  if (isRecord(raw.notify) && raw.notify.webhook === MASK)
    found.push({ path: ["notify", "webhook"], message: MASKED_VALUE_MESSAGE, severity });
  const tracks = Array.isArray(raw.tracks) ? raw.tracks : [];
  tracks.forEach((track: unknown, index) => {
    if (!isRecord(track) || !isRecord(track.env)) return;
    for (const [name, value] of Object.entries(track.env)) {
      if (value === MASK)
        found.push({ path: ["tracks", index, "env", name], message: MASKED_VALUE_MESSAGE, severity });
    }
  });
  return found;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

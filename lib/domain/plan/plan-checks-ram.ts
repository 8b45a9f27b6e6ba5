// The plan's memory: estimates against the budget, the machine and the Red line, named resources, the zones and the
// admission line, and a ramProfile with nothing to shape. Raw data read defensively, as in plan-checks.ts.
import { formatBytes, parseSize } from "../units";
import { DEFAULT_ZONES } from "./plan-defaults";
import type { Finding } from "./plan-finding";
import { isRecord, type RawTrack } from "./plan-raw";
import { formatSuggestion } from "./plan-suggest";

export function checkRamEstimates(
  raw: Record<string, unknown>,
  tracks: readonly RawTrack[],
  effectiveTotalBytes: number | null,
): Finding[] {
  const findings: Finding[] = [];
  const ram = isRecord(raw.ram) ? raw.ram : {};
  const budgetBytes = typeof ram.budget === "string" ? parseSize(ram.budget) : null;
  if (budgetBytes !== null && effectiveTotalBytes !== null && budgetBytes > effectiveTotalBytes) {
    findings.push({
      path: ["ram", "budget"],
      message: `budget ${formatBytes(budgetBytes)} is more than the machine's effective RAM total (${formatBytes(effectiveTotalBytes)})`,
      severity: "warning",
    });
  }
  // What the zones are measured against: the budget when the plan sets one, else the machine.
  const red = redLineOf(ram);
  const capacity =
    budgetBytes !== null && budgetBytes > 0
      ? { bytes: budgetBytes, what: "ram.budget", advice: "raise ram.budget or lower the estimate" }
      : effectiveTotalBytes !== null
        ? {
            bytes: effectiveTotalBytes,
            what: "the effective RAM total",
            advice: "set a smaller estimate, or run it on a machine with more memory",
          }
        : null;
  const unestimated: RawTrack[] = [];
  for (const track of tracks) {
    const { index, data, key } = track;
    const label = key === undefined ? `tracks[${index}]` : `track "${key}"`;
    if (data.ram === undefined || data.ram === null) {
      unestimated.push(track);
      continue;
    }
    const bytes = typeof data.ram === "string" ? parseSize(data.ram) : null;
    if (bytes === null) continue;
    if (effectiveTotalBytes !== null && bytes > effectiveTotalBytes) {
      findings.push({
        path: ["tracks", index, "ram"],
        message: `RAM estimate ${formatBytes(bytes)} exceeds the effective RAM total (${formatBytes(effectiveTotalBytes)}): ${label} could never be admitted`,
        severity: "error",
      });
    } else if (budgetBytes !== null && bytes > budgetBytes) {
      findings.push({
        path: ["tracks", index, "ram"],
        message: `RAM estimate ${formatBytes(bytes)} exceeds ram.budget (${formatBytes(budgetBytes)}): ${label} could never be admitted`,
        severity: "error",
      });
    } else if (capacity !== null && bytes >= (red / 100) * capacity.bytes) {
      // The governor starts a track alone only below the Red line ("too-large" otherwise): it would wait until the
      // lead changes something. A warning: manual mode leaves memory out and may still start it.
      findings.push({
        path: ["tracks", index, "ram"],
        message: `RAM estimate ${formatBytes(bytes)} reaches the Red line (${red} % of ${capacity.what} ${formatBytes(capacity.bytes)} = ${formatBytes((red / 100) * capacity.bytes)}): the governor will never start ${label}, not even alone; ${capacity.advice} (or start it in manual mode)`,
        severity: "warning",
      });
    }
  }
  return [...warnUnestimated(unestimated), ...findings];
}

/** The most tracks a folded warning names; a plan of forty tracks without ram gets the count and the first few. */
const NAMED_AT_MOST = 10;

/**
 * Tracks without a RAM estimate, said once: the track itself when it is one, else one warning naming them all (eight
 * near-identical lines would bury the errors). Every consumer shows these in a list; none attaches them to a track.
 */
function warnUnestimated(tracks: readonly RawTrack[]): Finding[] {
  const [only] = tracks;
  if (only === undefined) return [];
  if (tracks.length === 1) {
    const label = only.key === undefined ? `tracks[${only.index}]` : `track "${only.key}"`;
    return [
      {
        path: only.data.ram === null ? ["tracks", only.index, "ram"] : ["tracks", only.index],
        message: `${label} has no RAM estimate: it will be admitted on observed use`,
        severity: "warning",
      },
    ];
  }
  const names = tracks.map(({ index, key }) => key ?? `tracks[${index}]`);
  const shown =
    names.length > NAMED_AT_MOST
      ? `${names.slice(0, NAMED_AT_MOST).join(", ")} and ${names.length - NAMED_AT_MOST} more`
      : names.join(", ");
  return [
    {
      path: ["tracks"],
      at: "key",
      message: `${tracks.length} tracks have no RAM estimate (${shown}): they will be admitted on observed use`,
      severity: "warning",
    },
  ];
}

/** The Red line the governor holds the plan to, in percent: the plan's own when it is a sound percent. */
function redLineOf(ram: Record<string, unknown>): number {
  const red = isRecord(ram.zones) ? ram.zones.red : undefined;
  return isPercent(red) ? red : DEFAULT_ZONES.red;
}

export function checkResources(raw: Record<string, unknown>, tracks: readonly RawTrack[]): Finding[] {
  const capacities = isRecord(raw.resources) ? raw.resources : {};
  const names = Object.keys(capacities);
  const findings: Finding[] = [];
  for (const { index, data, key } of tracks) {
    if (!isRecord(data.resources)) continue;
    for (const [name, demand] of Object.entries(data.resources)) {
      const capacity = capacities[name];
      if (capacity === undefined) {
        const known =
          names.length === 0
            ? "the plan declares none (add them under the top-level resources)"
            : names.join(", ");
        findings.push({
          path: ["tracks", index, "resources", name],
          at: "key",
          message: `unknown resource "${name}"${formatSuggestion(name, names)}; plan resources: ${known}`,
          severity: "error",
        });
      } else if (typeof capacity === "number" && typeof demand === "number" && demand > capacity) {
        findings.push({
          path: ["tracks", index, "resources", name],
          message: `demand ${demand} exceeds the plan's ${name} capacity (${capacity}): track "${key ?? index}" could never be admitted`,
          severity: "error",
        });
      }
    }
  }
  return findings;
}

export function checkRamPolicy(raw: Record<string, unknown>): Finding[] {
  const ram = isRecord(raw.ram) ? raw.ram : {};
  const given = isRecord(ram.zones) ? ram.zones : {};
  const zoneNames = ["yellow", "orange", "red", "hysteresis"] as const;
  const zones: Partial<Record<(typeof zoneNames)[number], number>> = {};
  for (const name of zoneNames) {
    const value = given[name] === undefined ? DEFAULT_ZONES[name] : given[name];
    // The schema reports values that are not percents; order checks need all of them sound.
    if (!isPercent(value)) return [];
    zones[name] = value;
  }
  const { yellow = 0, orange = 0, red = 0, hysteresis = 0 } = zones;
  const findings: Finding[] = [];
  const blame = (later: "orange" | "red", earlier: "yellow" | "orange") =>
    given[later] !== undefined ? later : earlier;
  const order = `expected yellow < orange < red, got ${yellow} / ${orange} / ${red}`;
  if (yellow >= orange) {
    findings.push({
      path: ["ram", "zones", blame("orange", "yellow")],
      message: `zone thresholds out of order: orange (${orange}) must be above yellow (${yellow}); ${order}`,
      severity: "error",
    });
  }
  if (orange >= red) {
    findings.push({
      path: ["ram", "zones", blame("red", "orange")],
      message: `zone thresholds out of order: red (${red}) must be above orange (${orange}); ${order}`,
      severity: "error",
    });
  }
  if (hysteresis >= yellow) {
    findings.push({
      path: ["ram", "zones", "hysteresis"],
      message: `hysteresis (${hysteresis}) must be smaller than the yellow threshold (${yellow}), or use could never ease back to green`,
      severity: "error",
    });
  }
  if (isPercent(ram.admitBelow) && ram.admitBelow > red) {
    findings.push({
      path: ["ram", "admitBelow"],
      message: `admitBelow (${ram.admitBelow}) is above the red threshold (${red}): tracks would be started into the red zone`,
      severity: "error",
    });
  }
  return findings;
}

function isPercent(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 && value <= 100;
}

/** ramProfile says how memory grows to ram over the duration: without both it has nothing to shape. */
export function warnRampWithoutSize(tracks: readonly RawTrack[]): Finding[] {
  return tracks.flatMap((track): Finding[] => {
    if (track.data.ramProfile === undefined) return [];
    const missing = ["ram", "duration"].filter((field) => typeof track.data[field] !== "string");
    if (missing.length === 0) return [];
    return [
      {
        path: ["tracks", track.index, "ramProfile"],
        message: `ramProfile is ignored without ${missing.join(" and ")}: the ramp runs from 0 to ram over part of the duration`,
        severity: "warning",
        at: "key",
      },
    ];
  });
}

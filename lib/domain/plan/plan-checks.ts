// Checks across fields and tracks that a schema cannot express. They read the raw YAML data defensively, so they
// still run (and report) when other parts of the file fail the schema.

import { formatBytes, parseSize } from "../units";
import { checkCoordination } from "./plan-checks-coordination";
import { warnUnusedSlurmSettings } from "./plan-checks-executor";
import { checkScopeGlobs } from "./plan-checks-scope";
import { checkNulCharacters } from "./plan-checks-text";
import { DEFAULT_ZONES } from "./plan-defaults";
import type { Finding } from "./plan-finding";
import { type DependencyGraph, dependencyReach, findCycles, formatCycle } from "./plan-graph";
import { listKnownKeys } from "./plan-known-keys";
import { globsMayOverlap } from "./plan-scope";
import { formatSuggestion, suggestName } from "./plan-suggest";

export type { Finding };

type RawTrack = { index: number; data: Record<string, unknown>; key: string | undefined };

/** All cross-field findings of a raw plan document. */
export function checkPlanSemantics(raw: unknown, effectiveTotalBytes: number | null): Finding[] {
  if (!isRecord(raw)) return [];
  const tracks = listRawTracks(raw);
  const graph = buildGraph(tracks);
  return [
    ...checkTrackKeys(tracks),
    ...checkNulCharacters(raw),
    ...checkCommands(tracks),
    ...checkDependencies(tracks, graph),
    ...checkRamEstimates(raw, tracks, effectiveTotalBytes),
    ...checkResources(raw, tracks),
    ...checkRamPolicy(raw),
    ...warnRampWithoutSize(tracks),
    ...checkWorkdirs(raw, tracks),
    ...checkScopeGlobs(raw),
    ...warnScopeOverlaps(tracks, graph),
    ...checkCoordination(raw, tracks, graph, formatSuggestion),
    ...warnUnusedSlurmSettings(raw, tracks),
  ];
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Agent names as the plan will use them: given ones, else the track key (one agent) or key-1, key-2 …. */
export function defaultAgentName(trackKey: string, index: number, count: number): string {
  return count === 1 ? trackKey : `${trackKey}-${index + 1}`;
}

function listRawTracks(raw: Record<string, unknown>): RawTrack[] {
  if (!Array.isArray(raw.tracks)) return [];
  return raw.tracks.flatMap((data: unknown, index) =>
    isRecord(data) ? [{ index, data, key: typeof data.key === "string" ? data.key : undefined }] : [],
  );
}

function buildGraph(tracks: readonly RawTrack[]): DependencyGraph {
  const graph = new Map<string, string[]>();
  for (const track of tracks) {
    if (track.key === undefined || graph.has(track.key)) continue;
    graph.set(track.key, listStrings(track.data.dependsOn));
  }
  return graph;
}

function checkTrackKeys(tracks: readonly RawTrack[]): Finding[] {
  const firstIndex = new Map<string, number>();
  const findings: Finding[] = [];
  for (const track of tracks) {
    if (track.key === undefined) continue;
    const first = firstIndex.get(track.key);
    const sameButCase = [...firstIndex.keys()].find(
      (key) => key !== track.key && key.toLowerCase() === track.key!.toLowerCase(),
    );
    if (sameButCase !== undefined)
      findings.push({
        path: ["tracks", track.index, "key"],
        message: `track key "${track.key}" differs from "${sameButCase}" only in case: easy to mistake in the CLI and in URLs, and their log folders collide on a case-insensitive file system`,
        severity: "warning",
      });
    if (first === undefined) firstIndex.set(track.key, track.index);
    else {
      findings.push({
        path: ["tracks", track.index, "key"],
        message: `duplicate track key "${track.key}" (also used by tracks[${first}])`,
        severity: "error",
      });
    }
  }
  return findings;
}

// A misspelt "comand" is already an unknown field with its suggestion; a second error saying the command is
// missing would send the lead looking for a second mistake.
function hasMisspeltCommand(data: Record<string, unknown>): boolean {
  const known = listKnownKeys(["tracks", 0]);
  return Object.keys(data).some((field) => {
    if (known.includes(field)) return false;
    const meant = suggestName(field, known);
    return meant === "command" || meant === "agents";
  });
}

// dependsOn lists keys; a lead who names a track by its name ("Backend API") is told its key.
function suggestDependency(dependency: string, tracks: readonly RawTrack[], keys: readonly string[]): string {
  const named = tracks.find(
    (track) =>
      track.key !== undefined &&
      typeof track.data.name === "string" &&
      track.data.name.trim() === dependency.trim(),
  );
  if (named) return ` ("${dependency}" is the name of track "${named.key}": dependsOn lists keys)`;
  return formatSuggestion(dependency, keys);
}

function checkCommands(tracks: readonly RawTrack[]): Finding[] {
  const findings: Finding[] = [];
  for (const { index, data, key } of tracks) {
    const hasCommand = data.command !== undefined;
    const hasAgents = data.agents !== undefined;
    if (hasCommand && hasAgents) {
      findings.push({
        path: ["tracks", index, "command"],
        at: "key",
        message: 'give either "command" or "agents", not both',
        severity: "error",
      });
    } else if (!hasCommand && !hasAgents && !hasMisspeltCommand(data)) {
      findings.push({
        path: ["tracks", index],
        message: `missing command: track ${key === undefined ? "" : `"${key}" `}needs "command" or "agents"`,
        severity: "error",
      });
    }
    for (const field of ["subAgents", "kind", "resume"]) {
      if (!hasAgents || data[field] === undefined) continue;
      findings.push({
        path: ["tracks", index, field],
        at: "key",
        message: `track-level "${field}" goes with "command"; with "agents", give ${field} on each agent`,
        severity: "error",
      });
    }
    if (Array.isArray(data.agents) && key !== undefined) {
      const agents: unknown[] = data.agents;
      const seen = new Set<string>();
      agents.forEach((agent, agentIndex) => {
        const given = isRecord(agent) && typeof agent.name === "string" ? agent.name : undefined;
        const name = given ?? defaultAgentName(key, agentIndex, agents.length);
        if (seen.has(name)) {
          findings.push({
            path: ["tracks", index, "agents", agentIndex, "name"],
            message: `duplicate agent name "${name}" in track "${key}"`,
            severity: "error",
          });
        }
        seen.add(name);
      });
    }
  }
  return findings;
}

function checkDependencies(tracks: readonly RawTrack[], graph: DependencyGraph): Finding[] {
  const findings: Finding[] = [];
  const keys = [...graph.keys()];
  for (const { index, data } of tracks) {
    if (!Array.isArray(data.dependsOn)) continue;
    const listed = new Map<string, number>();
    data.dependsOn.forEach((dependency: unknown, position) => {
      if (typeof dependency !== "string") return;
      const first = listed.get(dependency);
      if (first === undefined) listed.set(dependency, position);
      else
        findings.push({
          path: ["tracks", index, "dependsOn", position],
          message: `"${dependency}" is listed twice in dependsOn (also at position ${first}); once is enough`,
          severity: "warning",
        });
      if (graph.has(dependency)) return;
      findings.push({
        path: ["tracks", index, "dependsOn", position],
        message: `unknown track "${dependency}" in dependsOn${suggestDependency(dependency, tracks, keys)}; tracks are: ${keys.join(", ")}`,
        severity: "error",
      });
    });
  }
  for (const cycle of findCycles(graph)) {
    const [from, to] = [cycle[0], cycle[1] ?? cycle[0]];
    const track = tracks.find((candidate) => candidate.key === from);
    if (!track || to === undefined) continue;
    const position = listStrings(track.data.dependsOn).indexOf(to);
    findings.push({
      path: ["tracks", track.index, "dependsOn", ...(position >= 0 ? [position] : [])],
      message: `dependency cycle: ${formatCycle(cycle)}`,
      severity: "error",
    });
  }
  return findings;
}

function checkRamEstimates(
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
  for (const { index, data, key } of tracks) {
    const label = key === undefined ? `tracks[${index}]` : `track "${key}"`;
    if (data.ram === undefined || data.ram === null) {
      findings.push({
        path: data.ram === null ? ["tracks", index, "ram"] : ["tracks", index],
        message: `${label} has no RAM estimate: it will be admitted on observed use`,
        severity: "warning",
      });
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
  return findings;
}

/** The Red line the governor holds the plan to, in percent: the plan's own when it is a sound percent. */
function redLineOf(ram: Record<string, unknown>): number {
  const red = isRecord(ram.zones) ? ram.zones.red : undefined;
  return isPercent(red) ? red : DEFAULT_ZONES.red;
}

function checkResources(raw: Record<string, unknown>, tracks: readonly RawTrack[]): Finding[] {
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

function checkRamPolicy(raw: Record<string, unknown>): Finding[] {
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

function checkWorkdirs(raw: Record<string, unknown>, tracks: readonly RawTrack[]): Finding[] {
  const candidates: { path: (string | number)[]; value: unknown }[] = [
    { path: ["workdir"], value: raw.workdir },
    ...tracks.map(({ index, data }) => ({ path: ["tracks", index, "workdir"], value: data.workdir })),
  ];
  return candidates
    .filter(({ value }) => typeof value === "string" && value.startsWith("~"))
    .map(({ path }) => ({
      path,
      message: '"~" is not expanded here; give an absolute path or one relative to the plan file',
      severity: "error",
    }));
}

// Tracks ordered by dependsOn never run together, so only pairs that may run at the same time are compared.
function warnScopeOverlaps(tracks: readonly RawTrack[], graph: DependencyGraph): Finding[] {
  const findings: Finding[] = [];
  const keyed = tracks.filter((track) => track.key !== undefined);
  const dependsOn = dependencyReach(graph);
  for (let j = 0; j < keyed.length; j += 1) {
    const later = keyed[j]!;
    const laterScope = listStrings(later.data.scope);
    for (let i = 0; i < j; i += 1) {
      const earlier = keyed[i]!;
      if (earlier.key === later.key) continue;
      const isOrdered = dependsOn(later.key!, earlier.key!) || dependsOn(earlier.key!, later.key!);
      if (isOrdered) continue;
      for (const earlierGlob of listStrings(earlier.data.scope)) {
        laterScope.forEach((laterGlob, position) => {
          if (!globsMayOverlap(earlierGlob, laterGlob)) return;
          findings.push({
            path: ["tracks", later.index, "scope", position],
            message: `scope "${laterGlob}" overlaps "${earlierGlob}" of track "${earlier.key}": both tracks may change the same files`,
            severity: "warning",
          });
        });
      }
    }
  }
  return findings;
}

function listStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function isPercent(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 && value <= 100;
}

/** ramProfile says how memory grows to ram over the duration: without both it has nothing to shape. */
function warnRampWithoutSize(tracks: readonly RawTrack[]): Finding[] {
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

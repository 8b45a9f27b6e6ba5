// Checks across fields and tracks that a schema cannot express. They read the raw YAML data defensively, so they
// still run (and report) when other parts of the file fail the schema.

import { checkCoordination } from "./plan-checks-coordination";
import { warnUnusedSlurmSettings } from "./plan-checks-executor";
import { checkRamEstimates, checkRamPolicy, checkResources, warnRampWithoutSize } from "./plan-checks-ram";
import { checkScopeGlobs } from "./plan-checks-scope";
import { checkNulCharacters } from "./plan-checks-text";
import type { Finding } from "./plan-finding";
import { type DependencyGraph, dependencyReach, findCycles, formatCycle } from "./plan-graph";
import { listKnownKeys } from "./plan-known-keys";
import { isRecord, type RawTrack } from "./plan-raw";
import { globsMayOverlap } from "./plan-scope";
import { formatSuggestion, suggestName } from "./plan-suggest";

export type { Finding };
export { isRecord };

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
/** `keys`: the tracks it may name (not the one whose dependsOn this is). */
function suggestDependency(dependency: string, tracks: readonly RawTrack[], keys: readonly string[]): string {
  const named = tracks.find(
    (track) =>
      track.key !== undefined &&
      keys.includes(track.key) &&
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
  for (const { index, data, key } of tracks) {
    if (!Array.isArray(data.dependsOn)) continue;
    // A track cannot wait on itself: never the one to suggest.
    const others = keys.filter((other) => other !== key);
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
        message: `unknown track "${dependency}" in dependsOn${suggestDependency(dependency, tracks, others)}; tracks are: ${keys.join(", ")}`,
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

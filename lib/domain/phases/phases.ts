// The seed's five workflow phases and their validation-gate checklists, as data. Pure.

export type PhaseNumber = 1 | 2 | 3 | 4 | 5;
export const PHASE_NUMBERS: readonly PhaseNumber[] = [1, 2, 3, 4, 5];

/** "auto": Paratrack checks the item from data; "manual": the lead ticks it. */
export type GateMode = "auto" | "manual";

/** When the seed asks for the gate: once at the end of the phase, every 24 hours, or for each track. */
export type GateCadence = "once" | "every-24h" | "per-track";

export type GateItemKey =
  | "tracks-identified"
  | "resource-plan-validated"
  | "coordination-protocol-documented"
  | "risk-mitigation-defined"
  | "agents-activated"
  | "resource-usage-within-limits"
  | "monitoring-active"
  | "no-scope-conflicts"
  | "tracks-on-schedule"
  | "resource-usage-stable"
  | "no-critical-blockers"
  | "quality-gates-passing"
  | "track-deliverables-complete"
  | "track-quality-gates-passed"
  | "handoff-documentation-ready"
  | "resources-released"
  | "tracks-integrated"
  | "integration-tests-passing"
  | "final-quality-review-complete"
  | "success-metrics-achieved";

/** One checklist line of a validation gate; `label` is the seed's wording. */
export type GateItem = { key: GateItemKey; label: string; mode: GateMode };

export type PhaseDefinition = {
  number: PhaseNumber;
  title: string;
  /** The seed's timing note, e.g. "15-30 minutes", "Simultaneous". */
  timing: string;
  objective: string;
  cadence: GateCadence;
  gate: readonly GateItem[];
  outputs: readonly string[];
};

/** The five phases of the seed's Parallel Execution Workflow, with gate items verbatim. */
export const PHASES: readonly PhaseDefinition[] = [
  {
    number: 1,
    title: "Parallel Planning",
    timing: "15-30 minutes",
    objective: "Design parallel execution strategy and validate resource availability",
    cadence: "once",
    gate: [
      { key: "tracks-identified", label: "All tracks identified with clear boundaries", mode: "auto" },
      { key: "resource-plan-validated", label: "Resource allocation plan validated", mode: "auto" },
      { key: "coordination-protocol-documented", label: "Coordination protocol documented", mode: "manual" },
      { key: "risk-mitigation-defined", label: "Risk mitigation strategies defined", mode: "manual" },
    ],
    outputs: [
      "Track definition document",
      "Resource allocation matrix",
      "Coordination protocol",
      "Risk mitigation plan",
    ],
  },
  {
    number: 2,
    title: "Agent Activation",
    timing: "Simultaneous",
    objective: "Launch all track agents concurrently with proper initialization",
    cadence: "once",
    gate: [
      { key: "agents-activated", label: "All agents successfully activated", mode: "auto" },
      { key: "resource-usage-within-limits", label: "Resource usage within planned limits", mode: "auto" },
      { key: "monitoring-active", label: "Monitoring and alerting active", mode: "auto" },
      { key: "no-scope-conflicts", label: "No scope conflicts detected", mode: "auto" },
    ],
    outputs: [
      "Agent activation status report",
      "Resource utilization baseline",
      "Monitoring dashboard (active)",
    ],
  },
  {
    number: 3,
    title: "Parallel Execution",
    timing: "Hours to Days",
    objective: "Execute all tracks concurrently with continuous monitoring and coordination",
    cadence: "every-24h",
    gate: [
      { key: "tracks-on-schedule", label: "All tracks progressing on schedule", mode: "auto" },
      { key: "resource-usage-stable", label: "Resource usage stable and sustainable", mode: "auto" },
      { key: "no-critical-blockers", label: "No critical blockers identified", mode: "auto" },
      { key: "quality-gates-passing", label: "Quality gates passing", mode: "auto" },
    ],
    outputs: [
      "Daily status reports (YAML format)",
      "Resource utilization metrics",
      "Blocker resolution log",
      "Progress tracking dashboard",
    ],
  },
  {
    number: 4,
    title: "Track Completion and Handoffs",
    timing: "Sequential",
    objective: "Complete each track independently and execute proper handoffs",
    cadence: "per-track",
    gate: [
      { key: "track-deliverables-complete", label: "All track deliverables complete", mode: "auto" },
      { key: "track-quality-gates-passed", label: "Quality gates passed", mode: "auto" },
      { key: "handoff-documentation-ready", label: "Handoff documentation ready", mode: "manual" },
      { key: "resources-released", label: "Resources properly released", mode: "auto" },
    ],
    outputs: [
      "Track completion report",
      "Handoff documentation",
      "Updated resource allocation",
      "Lessons learned log",
    ],
  },
  {
    number: 5,
    title: "Integration and Final Validation",
    timing: "1-2 hours",
    objective: "Integrate all track outputs and validate complete system",
    cadence: "once",
    gate: [
      { key: "tracks-integrated", label: "All tracks successfully integrated", mode: "manual" },
      { key: "integration-tests-passing", label: "Integration tests passing", mode: "auto" },
      { key: "final-quality-review-complete", label: "Final quality review complete", mode: "manual" },
      { key: "success-metrics-achieved", label: "Success metrics achieved", mode: "auto" },
    ],
    outputs: [
      "Integrated deliverables",
      "Integration test report",
      "Final validation report",
      "Retrospective document",
    ],
  },
];

/** The definition of phase `number`. */
export function getPhase(number: PhaseNumber): PhaseDefinition {
  const phase = PHASES.find((p) => p.number === number);
  // PHASES covers every PhaseNumber; the test pins that.
  if (!phase) throw new Error(`unknown phase ${number}`);
  return phase;
}

/** The phase after `number`, or null after phase 5. */
export function nextPhase(number: PhaseNumber): PhaseNumber | null {
  switch (number) {
    case 1:
      return 2;
    case 2:
      return 3;
    case 3:
      return 4;
    case 4:
      return 5;
    case 5:
      return null;
  }
}

/** True when `value` is a phase number (for parsing request bodies and stored rows). */
export function isPhaseNumber(value: unknown): value is PhaseNumber {
  return value === 1 || value === 2 || value === 3 || value === 4 || value === 5;
}

/** The gate item with this key, and the phase it belongs to. */
export function findGateItem(key: string): { phase: PhaseNumber; item: GateItem } | null {
  for (const phase of PHASES) {
    const item = phase.gate.find((i) => i.key === key);
    if (item) return { phase: phase.number, item };
  }
  return null;
}

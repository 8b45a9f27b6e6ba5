// A plan whose track F leaves an orphan when its stop is cut off: the leader (sh) dies of the SIGTERM at once, its
// node child ignores it and would need the SIGKILL a dead server never sends. For ending-crash-fixture.ts's
// "stop-after-exit" (the child writes agent.ready in the workdir once its trap is set; PT_TEST_MARK finds it).

/** The plan's YAML, working in `workdir`, its agents marked with `mark`; `moreTracks`: YAML list items after F. */
export function orphanPlan(workdir: string, mark: string, moreTracks = ""): string {
  return `name: ending-orphan
ram: { budget: 2GB }
workdir: ${JSON.stringify(workdir)}
tracks:
  - key: F
    ram: 20MB
    command: "node -e 'process.on(\\"SIGTERM\\", () => {}); require(\\"fs\\").writeFileSync(\\"agent.ready\\", \\"\\"); setInterval(() => {}, 1000)' & wait"
    env: { PT_TEST_MARK: "${mark}" }
${moreTracks}`;
}

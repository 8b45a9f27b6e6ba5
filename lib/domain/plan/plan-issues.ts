// A problem in a plan file as people see it (file, line, column, data path, message) and how it is printed.
// The CLI, the server and the UI all show these, so the wording and the path form are settled here once.

/** One error or warning about a plan file, located for an editor or a terminal. */
export type PlanIssue = {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** Where in the data, e.g. "tracks[1].ram"; "" for the whole file. */
  path: string;
  message: string;
  severity: "error" | "warning";
};

/** "plan.yaml:12:5 error tracks[1].ram: message", one line per issue. */
export function formatPlanIssues(issues: readonly PlanIssue[]): string[] {
  return issues.map(
    (issue) =>
      `${issue.file}:${issue.line}:${issue.column} ${issue.severity} ${issue.path === "" ? "" : `${issue.path}: `}${issue.message}`,
  );
}

/** "tracks[1].agents[0].command"; keys that are not identifiers are quoted: resources["gpu.gb"]. */
export function formatDataPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(String(segment)))
      text += `${text === "" ? "" : "."}${String(segment)}`;
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}

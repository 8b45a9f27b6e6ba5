// How the Planner keeps what it shows with the text in its editor: the text is planned again once the lead pauses,
// and after a start the editor's text is the new run's plan.
import type { EditorSource } from "../common/replace-guard";
import { loadedSource } from "../common/replace-guard";

/** How long the editor must rest before its text is planned again. */
export const REPLAN_DELAY_MS = 700;

/** True when the editor's text is not what was last sent to be planned (and there is something to plan). */
export function needsReplan(text: string, lastPlanned: string | null): boolean {
  return text.trim() !== "" && text !== lastPlanned;
}

/** The label of a run's plan, as GET /api/plan/what-if?from=current names it. */
export function runPlanLabel(runName: string): string {
  return `Plan of run "${runName}"`;
}

/** The editor's source once `plan` started run `runName`: its text is that run's plan, not an edit of another's. */
export function startedRunSource(runName: string, plan: string): EditorSource {
  return loadedSource(runPlanLabel(runName), plan);
}

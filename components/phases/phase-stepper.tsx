// The five phases in order, the current one highlighted; each step jumps to its checklist.
import type { PhaseGateView } from "@/lib/engine/phase-views";
import { PHASE_STATE_LABEL, PHASE_STATE_STYLE } from "./gate-style";

export function PhaseStepper({ phases }: { phases: PhaseGateView[] }) {
  return (
    <nav aria-label="Phases">
      <ol className="grid gap-2 sm:grid-cols-5" data-testid="phase-stepper">
        {phases.map((p) => {
          const isCurrent = p.state === "current";
          return (
            <li key={p.number} data-testid={`phase-step-${p.number}`} data-state={p.state}>
              <a
                href={`#phase-${p.number}`}
                aria-current={isCurrent ? "step" : undefined}
                className={`flex h-full items-center gap-3 rounded-lg border px-3 py-2 text-sm sm:flex-col sm:items-start sm:gap-1 ${
                  isCurrent
                    ? "border-blue-500 bg-blue-50 ring-2 ring-blue-500/40 dark:border-blue-400 dark:bg-blue-950/60"
                    : "border-slate-200 bg-white hover:bg-slate-50 dark:border-slate-800 dark:bg-slate-900 dark:hover:bg-slate-800"
                }`}
              >
                <span
                  className={`flex h-7 w-7 shrink-0 items-center justify-center rounded-full text-sm font-bold ${PHASE_STATE_STYLE[p.state]}`}
                  aria-hidden="true"
                >
                  {p.state === "passed" ? "✓" : p.state === "overridden" ? "!" : p.number}
                </span>
                <span className="min-w-0">
                  <span className="block font-medium leading-tight">
                    <span className="sr-only">Phase {p.number}: </span>
                    {p.title}
                  </span>
                  <span className="block text-xs text-slate-600 dark:text-slate-400">
                    {PHASE_STATE_LABEL[p.state]}
                  </span>
                </span>
              </a>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

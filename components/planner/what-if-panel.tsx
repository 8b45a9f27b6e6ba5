"use client";
// /plan: paste or load a plan and see it planned for the 16 / 32 / 64 GB tiers and this machine, side by side. What it
// shows follows the editor: its text is planned again once the lead stops typing (a text with errors lists them).
import { type FormEvent, useCallback, useEffect, useRef, useState } from "react";
import type { PlanIssue } from "@/lib/domain/plan/plan-validate";
import {
  formatPlanBytes,
  formatPlanRange,
  WHAT_IF_TIER_SIZES_GIB,
  type WhatIfSource,
  type WhatIfView,
} from "@/lib/domain/planner/what-if";
import { formatBytes } from "@/lib/domain/units";
import { Card } from "../common/card";
import { ConfirmDialog } from "../common/confirm-dialog";
import {
  afterPaste,
  describeSource,
  type EditorSource,
  hasOwnEdits,
  loadedSource,
  NO_SOURCE,
} from "../common/replace-guard";
import { ScrollBox } from "../common/scroll-box";
import { fetchJson } from "../data/fetch-json";
import { useRunsQuery } from "../data/use-runs-query";
import { useWhatIfMutation } from "../data/use-what-if-mutation";
import { readPlanFileText } from "./plan-file-text";
import { needsReplan, REPLAN_DELAY_MS, startedRunSource } from "./plan-follow";
import { formatIssueLine, PlanProblems } from "./plan-problems";
import { PreflightPanel } from "./preflight-panel";
import { StartRunPanel } from "./start-run-panel";
import { TierCard } from "./tier-card";

type SourceKind = "default" | "current" | "demo" | "seed";

const SOURCES: { kind: Exclude<SourceKind, "default">; label: string }[] = [
  { kind: "current", label: "Current run's plan" },
  { kind: "demo", label: "Demo plan" },
  { kind: "seed", label: "Workflow example" },
];

export function WhatIfPanel() {
  const [text, setText] = useState("");
  const [source, setSource] = useState<EditorSource>(NO_SOURCE);
  /** A replacement of the lead's own text, waiting for their yes. */
  const [pending, setPending] = useState<{ what: string; replace: () => void } | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const editor = useRef<HTMLTextAreaElement>(null);
  const whatIf = useWhatIfMutation();
  const { mutate } = whatIf;
  /** The text last sent to be planned, and the last plan that validated (kept on screen while the next is planned). */
  const planned = useRef<string | null>(null);
  const [view, setView] = useState<WhatIfView | null>(null);
  /** A run started from the editor, until the runs list names it. */
  const [started, setStarted] = useState<{ runId: string; plan: string } | null>(null);
  const runs = useRunsQuery();

  const plan = useCallback(
    (planText: string) => {
      planned.current = planText;
      // Only the latest call's answer arrives here (React Query drops an earlier one's).
      mutate(planText, { onSuccess: setView });
    },
    [mutate],
  );

  // Edits are planned again once the editor rests, so the estimates and the columns are the text's.
  useEffect(() => {
    if (!needsReplan(text, planned.current)) return;
    const timer = setTimeout(() => plan(text), REPLAN_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, plan]);

  // After a start, the editor holds the new run's plan: name that run, not the plan loaded before.
  const startedName = started ? runs.data?.find((r) => r.id === started.runId)?.name : undefined;
  useEffect(() => {
    if (!started || startedName === undefined) return;
    setSource(startedRunSource(startedName, started.plan));
    setStarted(null);
  }, [started, startedName]);

  const load = useCallback(
    async (kind: SourceKind) => {
      setLoadError(null);
      setStarted(null);
      try {
        const loaded = await fetchJson<WhatIfSource>(`/api/plan/what-if?from=${kind}`, {
          contract: "whatIfSource",
        });
        setText(loaded.source);
        setSource(loadedSource(loaded.label, loaded.source));
        plan(loaded.source);
      } catch (error) {
        setLoadError((error as Error).message);
      }
    },
    [plan],
  );

  useEffect(() => {
    void load("default");
  }, [load]);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setLoadError(null);
    setStarted(null);
    // As the CLI and the server read plan files: UTF-8 only, at most the plan size limit.
    const read = await readPlanFileText(file);
    if (!read.ok) {
      setLoadError(read.error);
      return;
    }
    const loaded = read.text;
    setText(loaded);
    setSource(loadedSource(`File ${file.name}`, loaded));
    plan(loaded);
  };

  /** Replaces the editor's text at once, or after a yes when the lead has written in it. */
  const replaceText = (what: string, replace: () => void) => {
    if (hasOwnEdits(text, source.loaded)) setPending({ what, replace });
    else replace();
  };
  const origin = describeSource(source, text);

  const isEmpty = text.trim() === "";
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    // The button stays focusable while it waits (aria-disabled): its presses are ignored here instead.
    if (whatIf.isPending || isEmpty) return;
    plan(text);
  };

  /** Puts the editor's cursor on a problem's line and column. */
  const goTo = (issue: PlanIssue) => {
    const area = editor.current;
    if (!area) return;
    const lines = text.split("\n");
    const offset =
      lines.slice(0, Math.max(0, issue.line - 1)).reduce((sum, line) => sum + line.length + 1, 0) +
      Math.max(0, issue.column - 1);
    area.focus();
    area.setSelectionRange(offset, offset);
  };

  // An emptied editor shows no plan, not the one it held before.
  const shownView = text.trim() === "" ? null : view;
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-bold tracking-tight">Planner</h1>
        <p className="text-sm text-slate-700 dark:text-slate-300">
          See a plan on the 16, 32 and 64 GB tiers and on this machine, then start it.
        </p>
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Plan" labelledBy="what-if-plan-heading">
          <form onSubmit={onSubmit} className="space-y-3">
            <div className="flex flex-wrap items-center gap-2 text-sm">
              <span className="text-slate-600 dark:text-slate-300">Load:</span>
              {SOURCES.map((s) => (
                <button
                  key={s.kind}
                  type="button"
                  onClick={() => replaceText(s.label, () => void load(s.kind))}
                  className="tap rounded-md px-2 ring-1 ring-slate-300 hover:bg-slate-100 dark:ring-slate-700 dark:hover:bg-slate-800"
                >
                  {s.label}
                </button>
              ))}
              <label className="tap cursor-pointer rounded-md px-2 ring-1 ring-slate-300 hover:bg-slate-100 focus-within:outline-2 focus-within:outline-blue-600 dark:ring-slate-700 dark:hover:bg-slate-800">
                Open file…
                <input
                  type="file"
                  accept=".yaml,.yml,text/yaml,application/yaml"
                  className="sr-only"
                  onChange={(e) => {
                    const file = e.target.files?.[0];
                    e.target.value = "";
                    if (file) replaceText(`File ${file.name}`, () => void onFile(file));
                  }}
                />
              </label>
            </div>
            {loadError && (
              <p role="alert" className="text-sm text-red-700 dark:text-red-400">
                {loadError}
              </p>
            )}
            <div>
              <label htmlFor="what-if-yaml" className="block text-sm font-medium">
                Plan (YAML)
                {origin && (
                  <span className="font-normal text-slate-600 dark:text-slate-300" data-testid="plan-source">
                    {" "}
                    · {origin}
                  </span>
                )}
              </label>
              <textarea
                id="what-if-yaml"
                ref={editor}
                value={text}
                onChange={(e) => setText(e.target.value)}
                onPaste={(e) => {
                  const area = e.currentTarget;
                  const replacesAll = area.selectionStart === 0 && area.selectionEnd === area.value.length;
                  setSource((s) => afterPaste(s, replacesAll));
                }}
                spellCheck={false}
                rows={16}
                className="mt-1 w-full rounded-md border border-slate-300 bg-slate-50 p-2 font-mono text-xs leading-5 dark:border-slate-700 dark:bg-slate-950"
              />
            </div>
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <button
                type="submit"
                aria-disabled={whatIf.isPending || isEmpty || undefined}
                aria-describedby={isEmpty ? "what-if-empty-hint" : undefined}
                className="tap rounded-md bg-slate-900 px-3 text-sm font-semibold text-white hover:bg-slate-700 aria-disabled:cursor-not-allowed aria-disabled:opacity-50 dark:bg-slate-100 dark:text-slate-900 dark:hover:bg-slate-300"
              >
                {whatIf.isPending ? "Planning…" : "Plan for 16 / 32 / 64 GB"}
              </button>
              {isEmpty && (
                <p id="what-if-empty-hint" className="text-sm text-slate-600 dark:text-slate-300">
                  Load or paste a plan first.
                </p>
              )}
            </div>
          </form>
          <div className="mt-4 border-t border-slate-200 pt-3 dark:border-slate-800">
            <PreflightPanel plan={text} />
          </div>
          <div className="mt-4">
            <StartRunPanel plan={text} onPick={goTo} onStarted={setStarted} />
          </div>
        </Card>

        <Card title="Tracks as estimated" labelledBy="what-if-tracks-heading">
          {whatIf.isError ? (
            <PlanProblems error={whatIf.error} onPick={goTo} />
          ) : shownView ? (
            <TrackEstimates view={shownView} />
          ) : (
            <p className="text-sm text-slate-600 dark:text-slate-400" role="status">
              {whatIf.isPending ? "Planning…" : "Load or paste a plan."}
            </p>
          )}
        </Card>
      </div>

      {shownView && !whatIf.isError && <Columns view={shownView} />}
      <ConfirmDialog
        open={pending !== null}
        title="Replace the plan you edited?"
        confirmLabel="Replace"
        tone="danger"
        testId="confirm-replace-plan"
        onConfirm={() => {
          pending?.replace();
          setPending(null);
        }}
        onCancel={() => setPending(null)}
      >
        <p>
          Loading {pending?.what ?? "another plan"} replaces the text in the editor; your changes to it are
          lost.
        </p>
      </ConfirmDialog>
    </div>
  );
}

function TrackEstimates({ view }: { view: WhatIfView }) {
  return (
    <div>
      <p className="text-sm wrap-anywhere">
        <span className="font-semibold">{view.name}</span> · {view.tracks.length} track
        {view.tracks.length === 1 ? "" : "s"}
      </p>
      <ScrollBox label="Tracks as estimated" className="mt-2">
        <table className="w-full text-left text-sm" data-testid="what-if-tracks">
          <caption className="sr-only">The plan's tracks with their estimates</caption>
          <thead className="border-b border-slate-200 text-xs uppercase text-slate-600 dark:border-slate-700 dark:text-slate-400">
            <tr>
              <th scope="col" className="py-1 pr-3">
                Track
              </th>
              <th scope="col" className="py-1 pr-3">
                RAM
              </th>
              <th scope="col" className="py-1 pr-3">
                Duration
              </th>
              <th scope="col" className="py-1">
                Depends on
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {view.tracks.map((t) => (
              <tr key={t.key}>
                <th scope="row" className="py-1 pr-3 font-normal wrap-anywhere">
                  <span className="font-semibold">{t.key}</span>{" "}
                  <span className="text-slate-600 dark:text-slate-300">{t.name}</span>
                </th>
                <td className="whitespace-nowrap py-1 pr-3 tabular-nums">
                  {t.ramBytes === null ? "—" : formatPlanBytes(t.ramBytes)}
                </td>
                <td className="whitespace-nowrap py-1 pr-3 tabular-nums">
                  {t.duration === null
                    ? "1 h (assumed)"
                    : formatPlanRange(t.duration.minMs, t.duration.maxMs)}
                </td>
                <td className="py-1 wrap-anywhere">{t.dependsOn.join(", ") || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
      <p className="mt-2 text-xs text-slate-600 dark:text-slate-300">
        Estimates in the workflow's units: RAM in decimal GB as the plan writes it (1 GB = 10⁹ bytes),
        durations as ranges, planned at their midpoint with the short and long ends as the optimistic and
        pessimistic figures.
      </p>
      {view.warnings.length > 0 && (
        <ul className="mt-2 space-y-1 text-xs text-amber-700 dark:text-amber-300">
          {view.warnings.map((w) => (
            <li key={`${w.line}:${w.column}:${w.message}`}>{formatIssueLine(w)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Columns({ view }: { view: WhatIfView }) {
  // One time scale for every column, so longer plans look longer.
  const scaleMs = Math.max(
    1,
    ...view.columns.filter((c) => c.schedule.tracks.length > 0).map((c) => c.schedule.pessimisticMakespanMs),
  );
  return (
    <section aria-labelledby="what-if-columns-heading">
      <h2
        id="what-if-columns-heading"
        className="mb-3 text-sm font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300"
      >
        The same tracks on each machine
      </h2>
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-4">
        {view.columns.map((column) => (
          <TierCard key={column.id} column={column} scaleMs={scaleMs} />
        ))}
      </div>
      {view.currentMissing && (
        <p className="mt-2 text-xs text-slate-600 dark:text-slate-300">
          No column for this machine: {view.currentMissing}.
        </p>
      )}
      <p className="mt-2 text-xs text-slate-600 dark:text-slate-300">
        Tier columns plan against the tier's upper target utilisation of the machine's memory and ignore the
        plan's RAM budget; this machine's column plans as a run would start now. A{" "}
        {WHAT_IF_TIER_SIZES_GIB.join(" / ")} GB machine (its RAM as sold) has{" "}
        {WHAT_IF_TIER_SIZES_GIB.map((gib) => formatBytes(gib * 1024 ** 3)).join(" / ")} of memory in the
        decimal GB (10⁹ bytes) every size here is given in.
      </p>
    </section>
  );
}

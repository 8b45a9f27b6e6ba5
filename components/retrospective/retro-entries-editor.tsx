"use client";
// The lead's three retrospective sections; one entry per line, saved together.
import { useEffect, useId, useState } from "react";
import type { RetroEntryView } from "@/lib/db/retro";
import {
  RETRO_ENTRY_MAX_CHARS,
  type RetroDraft,
  readRetroDraft,
  thousands,
} from "@/lib/domain/reporting/retro-entries";
import { RETRO_SECTIONS, type RetroSection, sectionTitle } from "@/lib/domain/reporting/retrospective";
import { useRetroEntriesMutation } from "../data/use-retro-entries-mutation";
import { formatTime } from "./metric-style";

type Draft = RetroDraft;

const PROMPTS: Record<RetroSection, string> = {
  "worked-well": "e.g. A and C ran together inside the budget without a pause",
  improvements: "e.g. B's estimate was 25 % low; measure it on a dry run first",
  lessons: "e.g. Start the integration track's fixtures while B runs",
};

function draftOf(entries: readonly RetroEntryView[]): Draft {
  const draft: Draft = { "worked-well": "", improvements: "", lessons: "" };
  for (const section of RETRO_SECTIONS) {
    draft[section] = entries
      .filter((e) => e.section === section)
      .map((e) => e.text)
      .join("\n");
  }
  return draft;
}

export function RetroEntriesEditor(props: { runId: string; entries: RetroEntryView[] }) {
  const save = useRetroEntriesMutation(props.runId);
  const [draft, setDraft] = useState<Draft>(() => draftOf(props.entries));
  const [dirty, setDirty] = useState(false);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const baseId = useId();
  // Refetches while the run goes on must not wipe what the lead is typing: take the server's entries only
  // while there are no unsaved edits.
  useEffect(() => {
    if (!dirty) setDraft(draftOf(props.entries));
  }, [props.entries, dirty]);
  // Checked as the lead types, against the limits the server's contract enforces, so a save never fails on them.
  const { entries, problems } = readRetroDraft(draft);
  const submit = () => {
    if (problems.length > 0) return;
    save.reset();
    save.mutate(entries, {
      onSuccess: () => {
        setDirty(false);
        setSavedAt(new Date().toISOString());
      },
    });
  };
  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      aria-label="Retrospective entries"
    >
      <div className="grid gap-4 lg:grid-cols-3">
        {RETRO_SECTIONS.map((section) => {
          const id = `${baseId}-${section}`;
          return (
            <div key={section} className="flex flex-col gap-1">
              <label htmlFor={id} className="text-sm font-semibold">
                {sectionTitle(section)}
              </label>
              <textarea
                id={id}
                data-testid={`retro-entry-${section}`}
                rows={6}
                value={draft[section]}
                placeholder={PROMPTS[section]}
                onChange={(e) => {
                  setDraft((d) => ({ ...d, [section]: e.target.value }));
                  setDirty(true);
                }}
                className="w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm placeholder:text-slate-400 focus:border-blue-500 focus:outline-none focus:ring-2 focus:ring-blue-500/30 dark:border-slate-700 dark:bg-slate-950"
              />
            </div>
          );
        })}
      </div>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        One entry per line, at most {thousands(RETRO_ENTRY_MAX_CHARS)} characters each; each becomes a bullet
        in the Markdown.
      </p>
      {problems.length > 0 && (
        <ul role="alert" className="text-sm text-red-700 dark:text-red-400" data-testid="retro-problems">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          disabled={save.isPending || problems.length > 0}
          className="tap rounded-md bg-blue-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-blue-500 disabled:cursor-not-allowed disabled:bg-slate-300 disabled:text-slate-600"
        >
          {save.isPending ? "Saving…" : "Save retrospective"}
        </button>
        <span
          role="status"
          className="text-sm text-slate-600 dark:text-slate-400"
          data-testid="retro-save-status"
        >
          {save.isError ? "" : dirty ? "Changes to save" : savedAt ? `Saved at ${formatTime(savedAt)}` : ""}
        </span>
        {save.isError && (
          <span role="alert" className="text-sm text-red-700 dark:text-red-400">
            Could not save: {save.error.message}
          </span>
        )}
      </div>
    </form>
  );
}

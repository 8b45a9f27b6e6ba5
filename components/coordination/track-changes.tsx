// A track's real changes in its git worktree: files, lines, commits, its branch; the paths on the track page.
import type { TrackGitView } from "@/lib/domain/coordination/coordination-views";

export function TrackChanges({ git, detailed = false }: { git: TrackGitView; detailed?: boolean }) {
  const c = git.changes;
  return (
    <div className="min-w-0 text-xs" data-testid="track-changes">
      <p
        className="truncate text-slate-600 dark:text-slate-300"
        title={`${git.worktree} (base ${git.baseCommit.slice(0, 12)})`}
      >
        <span className="font-mono">{git.branch}</span>
        {c ? (
          <span className="ml-1" data-testid="track-change-totals">
            · {c.files} file{c.files === 1 ? "" : "s"} ·{" "}
            <span className="text-green-700 dark:text-green-400">+{c.added}</span>{" "}
            <span className="text-red-700 dark:text-red-400">−{c.removed}</span> · {c.commits} commit
            {c.commits === 1 ? "" : "s"}
          </span>
        ) : (
          <span className="ml-1 text-slate-400">· no change read yet</span>
        )}
      </p>
      {git.problem && (
        <p role="alert" className="text-red-700 dark:text-red-300">
          {git.problem}
        </p>
      )}
      {detailed && c && c.paths.length > 0 && (
        <ul className="mt-1 space-y-0.5" aria-label="Changed files">
          {c.paths.map((p) => (
            <li key={p.path} className="font-mono">
              {p.path}{" "}
              <span className="text-slate-600 dark:text-slate-300">
                +{p.added ?? "?"} −{p.removed ?? "?"}
                {p.committed ? "" : " (uncommitted)"}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

// Parsers for git's machine-readable (-z) outputs: status v2, numstat, worktree list, merge-tree. Pure.

/** One path of `git status --porcelain=v2 -z`. */
export type StatusEntry = {
  path: string;
  /** The source of a rename or copy, else null. */
  origPath: string | null;
  kind: "changed" | "renamed" | "unmerged" | "untracked" | "ignored";
  /** Index (staged) and worktree status letters ("." = unchanged), "?" for untracked. */
  index: string;
  worktree: string;
};

export type StatusV2 = {
  /** The commit HEAD points at; null on an unborn branch. */
  head: string | null;
  /** The branch checked out; null when HEAD is detached. */
  branch: string | null;
  entries: StatusEntry[];
};

/** Parses `git status --porcelain=v2 --branch -z` (with or without --branch). */
export function parseStatusV2(output: string): StatusV2 {
  const fields = output.split("\0");
  const result: StatusV2 = { head: null, branch: null, entries: [] };
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    if (field === "") continue;
    const type = field[0];
    if (type === "#") {
      const [, name, value = ""] = /^# (\S+) (.*)$/.exec(field) ?? [];
      if (name === "branch.oid") result.head = value === "(initial)" ? null : value;
      if (name === "branch.head") result.branch = value === "(detached)" ? null : value;
    } else if (type === "1") {
      // 1 XY sub mH mI mW hH hI path
      const parts = splitFields(field, 9);
      const xy = parts[1] ?? "..";
      result.entries.push(entry(parts[8] ?? "", null, "changed", xy));
    } else if (type === "2") {
      // 2 XY sub mH mI mW hH hI Xscore path NUL origPath
      const parts = splitFields(field, 10);
      const xy = parts[1] ?? "..";
      const origPath = fields[++i] ?? null;
      result.entries.push(entry(parts[9] ?? "", origPath, "renamed", xy));
    } else if (type === "u") {
      // u XY sub m1 m2 m3 mW h1 h2 h3 path
      const parts = splitFields(field, 11);
      result.entries.push(entry(parts[10] ?? "", null, "unmerged", parts[1] ?? "UU"));
    } else if (type === "?") {
      result.entries.push(entry(field.slice(2), null, "untracked", "??"));
    } else if (type === "!") {
      result.entries.push(entry(field.slice(2), null, "ignored", "!!"));
    }
  }
  return result;
}

function entry(path: string, origPath: string | null, kind: StatusEntry["kind"], xy: string): StatusEntry {
  return { path, origPath, kind, index: xy[0] ?? ".", worktree: xy[1] ?? "." };
}

/** The first `count - 1` space-separated fields, then the rest (a path may contain spaces). */
function splitFields(line: string, count: number): string[] {
  const parts: string[] = [];
  let rest = line;
  for (let n = 1; n < count; n++) {
    const space = rest.indexOf(" ");
    if (space === -1) break;
    parts.push(rest.slice(0, space));
    rest = rest.slice(space + 1);
  }
  parts.push(rest);
  return parts;
}

/** One file of `git diff --numstat -z`; lines are null for binary files. */
export type NumstatEntry = {
  path: string;
  origPath: string | null;
  added: number | null;
  removed: number | null;
};

/** Parses `git diff --numstat -z` (renames give "a\tr\t" NUL old NUL new). */
export function parseNumstat(output: string): NumstatEntry[] {
  const fields = output.split("\0");
  const entries: NumstatEntry[] = [];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    if (field === "") continue;
    const match = /^(-|\d+)\t(-|\d+)\t(.*)$/s.exec(field);
    if (!match) continue;
    const added = match[1] === "-" ? null : Number(match[1]);
    const removed = match[2] === "-" ? null : Number(match[2]);
    if (match[3] === "") {
      const origPath = fields[++i] ?? "";
      const path = fields[++i] ?? "";
      entries.push({ path, origPath, added, removed });
    } else {
      entries.push({ path: match[3] ?? "", origPath: null, added, removed });
    }
  }
  return entries;
}

/** One entry of `git worktree list --porcelain -z`. */
export type WorktreeEntry = {
  path: string;
  head: string | null;
  /** Short branch name (without refs/heads/); null when detached or bare. */
  branch: string | null;
  bare: boolean;
  detached: boolean;
  /** The lock reason ("" when locked without one); null when not locked. */
  locked: string | null;
  /** Why git would prune it (its directory is gone); null otherwise. Git does not say this of locked ones. */
  prunable: string | null;
};

/** Parses `git worktree list --porcelain -z`: attribute fields, each entry ended by an empty field. */
export function parseWorktreeList(output: string): WorktreeEntry[] {
  const entries: WorktreeEntry[] = [];
  let current: WorktreeEntry | null = null;
  for (const field of output.split("\0")) {
    if (field === "") {
      if (current) entries.push(current);
      current = null;
      continue;
    }
    const space = field.indexOf(" ");
    const name = space === -1 ? field : field.slice(0, space);
    const value = space === -1 ? "" : field.slice(space + 1);
    if (name === "worktree") {
      if (current) entries.push(current);
      current = {
        path: value,
        head: null,
        branch: null,
        bare: false,
        detached: false,
        locked: null,
        prunable: null,
      };
      continue;
    }
    if (!current) continue;
    switch (name) {
      case "HEAD":
        current.head = value;
        break;
      case "branch":
        current.branch = value.replace(/^refs\/heads\//, "");
        break;
      case "bare":
        current.bare = true;
        break;
      case "detached":
        current.detached = true;
        break;
      case "locked":
        current.locked = value;
        break;
      case "prunable":
        current.prunable = value;
        break;
    }
  }
  if (current) entries.push(current);
  return entries;
}

/** One informational message of merge-tree: the paths it concerns, its type (e.g. "CONFLICT (contents)"), its text. */
export type MergeTreeMessage = { paths: string[]; type: string; message: string };

export type MergeTreeOutput = { tree: string; conflictedFiles: string[]; messages: MergeTreeMessage[] };

/**
 * Parses `git merge-tree --write-tree --name-only -z`: the tree OID, the conflicted paths, an empty field, then
 * messages as <count> NUL <path>… NUL <type> NUL <message> NUL. Whether the merge is clean is the exit status's to
 * say, not this list's.
 */
export function parseMergeTreeOutput(output: string): MergeTreeOutput {
  const fields = output.split("\0");
  const tree = fields[0]?.trim() ?? "";
  const conflictedFiles: string[] = [];
  let i = 1;
  for (; i < fields.length && fields[i] !== ""; i++) conflictedFiles.push(fields[i]!);
  i++;
  const messages: MergeTreeMessage[] = [];
  while (i < fields.length) {
    const countText = fields[i];
    if (countText === undefined || !/^\d+$/.test(countText)) break;
    const count = Number(countText);
    const paths = fields.slice(i + 1, i + 1 + count);
    const type = fields[i + 1 + count] ?? "";
    const message = (fields[i + 2 + count] ?? "").replace(/\n$/, "");
    messages.push({ paths, type, message });
    i += count + 3;
  }
  return { tree, conflictedFiles, messages };
}

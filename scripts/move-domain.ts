// Gives lib/domain subfolders by concern (issue 10): `git mv`s each file of the move table (its tests with it) and
// rewrites every module specifier in the repository that points at a moved file — relative or `@/` alias, in
// import/export declarations, import(), import("…") types, require() and vi.mock/vi.importActual-style calls —
// keeping each file's style; then `lib/domain/<file>.ts` mentions in comments, Markdown and Prisma schemas.
//
// Re-runnable: files already moved are skipped, and specifiers still written against the old flat paths (a change
// merged after the move) are rewritten, also inside moved files (a relative specifier that resolves from the file's
// new folder is kept, one that only resolves from lib/domain/ is rewritten).
//
//   npx tsx scripts/move-domain.ts            move, rewrite, then `biome check --write` the files it changed
//   npx tsx scripts/move-domain.ts --dry-run  print what it would do, change nothing
//   npx tsx scripts/move-domain.ts --no-biome skip the Biome pass (import order may then need `biome check --write`)
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

const ROOT = path.resolve(import.meta.dirname, "..");
const DOMAIN = "lib/domain";

/** Folder → the stems (file names without .ts) it holds; `<stem>.test.ts` and friends move with each stem. */
const MOVES: Record<string, readonly string[]> = {
  plan: [
    "plan-checks",
    "plan-checks-coordination",
    "plan-defaults",
    "plan-graph",
    "plan-issues",
    "plan-known-keys",
    "plan-limits",
    "plan-normalise",
    "plan-redact",
    "plan-schema",
    "plan-schema-agents",
    "plan-schema-coordination",
    "plan-schema-executor",
    "plan-schema-fields",
    "plan-schema-ram",
    "plan-schema-track",
    "plan-scope",
    "plan-validate",
    "plan-yaml-locations",
    "plan-zod-messages",
    "preflight",
    "shell-command",
  ],
  planner: [
    "planner",
    "planner-compile",
    "planner-core",
    "planner-critical-path",
    "planner-genetic",
    "planner-priority-rules",
    "planner-schedule-generation",
    "planner-search",
    "planner-types",
    "plan-capacity",
    "psplib",
    "schedule-check",
    "what-if",
  ],
  governor: [
    "governor",
    "governor-admission",
    "governor-backfill",
    "governor-fixtures",
    "governor-growth",
    "governor-needs",
    "governor-order",
    "governor-recovery",
    "governor-relief",
    "governor-replan",
    "governor-simulation",
    "governor-types",
    "governor-words",
    "cluster-governor",
    "cluster-nodes",
    "wait-kinds",
    "zones",
    "memory-profile",
    "memory-projection",
    "memory-view",
    "model-memory",
  ],
  agents: [
    "agent-adapter",
    "agent-cost",
    "agent-replay",
    "agent-signals",
    "attention",
    "claude-stream",
    "codex-exec",
    "json-line",
    "progress-line",
    "budget",
    "usage-totals",
  ],
  coordination: [
    "conflicts",
    "conflict-lifecycle",
    "conflict-ranking",
    "change-conflicts",
    "change-conflict-types",
    "glob-intersection",
    "scope-match",
    "scope-overlaps",
    "coordination-views",
    "handoffs",
    "integration-order",
    "integration-report",
    "blockers",
    "daily-status",
    "daily-status-build",
    "status-cadence",
  ],
  phases: [
    "phases",
    "gates",
    "gate-checks",
    "gate-evidence",
    "gate-outcome",
    "gate-track-items",
    "track-lifecycle",
    "report-rules",
  ],
  reporting: [
    "metrics",
    "retrospective",
    "run-summary",
    "gantt",
    "gantt-actual-bars",
    "gantt-forecast",
    "gantt-labels",
    "gantt-ram",
    "gantt-scale",
    "retention",
  ],
};

/** The shared vocabulary every folder uses: stays at lib/domain/. */
const STAY_AT_ROOT = ["types", "units", "views", "view-fixtures", "event-kinds", "purity"];

const SUFFIXES = ["", ".test", ".test-d", ".bench"];
const CODE_EXTENSIONS = [".ts", ".tsx", ".mts", ".mjs", ".js"];
const SKIPPED_DIRS = [
  ".git",
  "node_modules",
  "data",
  "test-results",
  "playwright-report",
  "lib/db/generated",
  "lib/db/generated-pg",
  "prisma/generated",
  "bench/out",
  ".scratch",
];
const MOCK_CALLS = new Set(["mock", "doMock", "unmock", "doUnmock", "importActual", "importMock"]);

const dryRun = process.argv.includes("--dry-run");
const runBiome = !process.argv.includes("--no-biome");

type FileMove = { from: string; to: string };

/** Repository-relative old path → new path of every file in the table (with and without extension). */
function buildTable(): { files: FileMove[]; modules: Map<string, string>; stems: Map<string, string> } {
  const files: FileMove[] = [];
  const modules = new Map<string, string>();
  const stems = new Map<string, string>();
  for (const [folder, list] of Object.entries(MOVES)) {
    for (const stem of list) {
      if (stems.has(stem)) throw new Error(`${stem} is listed twice (${stems.get(stem)} and ${folder})`);
      stems.set(stem, folder);
      let found = false;
      for (const suffix of SUFFIXES) {
        for (const ext of [".ts", ".tsx"]) {
          const from = `${DOMAIN}/${stem}${suffix}${ext}`;
          const to = `${DOMAIN}/${folder}/${stem}${suffix}${ext}`;
          if (!existsSync(abs(from)) && !existsSync(abs(to))) continue;
          found = true;
          files.push({ from, to });
          modules.set(`${DOMAIN}/${stem}${suffix}`, `${DOMAIN}/${folder}/${stem}${suffix}`);
          modules.set(from, to);
        }
      }
      if (!found) console.warn(`warning: ${stem} is in the table but neither in ${DOMAIN}/ nor ${folder}/`);
    }
  }
  return { files, modules, stems };
}

function abs(relative: string): string {
  return path.join(ROOT, relative);
}

/** Moves what is still at its old place; returns the files moved by this run (new path → old path). */
function moveFiles(files: readonly FileMove[]): Map<string, string> {
  const moved = new Map<string, string>();
  for (const { from, to } of files) {
    const hasFrom = existsSync(abs(from));
    const hasTo = existsSync(abs(to));
    if (hasFrom && hasTo) throw new Error(`both ${from} and ${to} exist: merge them by hand, then run again`);
    if (!hasFrom) continue;
    moved.set(to, from);
    if (dryRun) continue;
    mkdirSync(path.dirname(abs(to)), { recursive: true });
    execFileSync("git", ["mv", from, to], { cwd: ROOT });
  }
  return moved;
}

/** Files lib/domain/ still holds at its root that neither the table nor the shared vocabulary names. */
function strayFiles(stems: ReadonlyMap<string, string>): string[] {
  const keep = new Set([...stems.keys(), ...STAY_AT_ROOT]);
  return readdirSync(abs(DOMAIN), { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .filter((name) => !keep.has(name.replace(/(\.test|\.test-d|\.bench)?\.tsx?$/, "")));
}

/** Every file under the repository whose name ends with one of `extensions`, outside the skipped folders. */
function walk(extensions: readonly string[], dir = ""): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(abs(dir) || ROOT, { withFileTypes: true })) {
    const relative = dir === "" ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (SKIPPED_DIRS.includes(relative) || entry.name.startsWith(".next")) continue;
      found.push(...walk(extensions, relative));
    } else if (extensions.some((ext) => entry.name.endsWith(ext))) {
      found.push(relative);
    }
  }
  return found;
}

function isModule(relative: string): boolean {
  const candidates = [relative, ...CODE_EXTENSIONS.map((ext) => relative + ext), `${relative}/index.ts`];
  return candidates.some((candidate) => existsSync(abs(candidate)) && statSync(abs(candidate)).isFile());
}

function splitExtension(specifier: string): { body: string; ext: string } {
  const ext = CODE_EXTENSIONS.find((candidate) => specifier.endsWith(candidate)) ?? "";
  return { body: specifier.slice(0, specifier.length - ext.length), ext };
}

type Place = { now: string; old: string | null; oldIsCertain: boolean };

/** The specifier that points from `place.now` at what `specifier` meant, or null when it needs no change. */
function rewriteSpecifier(
  specifier: string,
  place: Place,
  modules: ReadonlyMap<string, string>,
): string | null {
  const isAlias = specifier.startsWith("@/");
  const isRelative = specifier.startsWith("./") || specifier.startsWith("../");
  if (!isAlias && !isRelative) return null;
  const { body, ext } = splitExtension(specifier);
  let target: string | null = null;
  if (isAlias) {
    target = path.posix.normalize(body.slice(2));
  } else {
    const nowDir = path.posix.dirname(place.now);
    const bases =
      place.old === null
        ? [nowDir]
        : place.oldIsCertain
          ? [path.posix.dirname(place.old)]
          : [nowDir, path.posix.dirname(place.old)];
    for (const base of bases) {
      const candidate = path.posix.normalize(path.posix.join(base, body));
      if (isModule(candidate) || modules.has(candidate)) {
        target = candidate;
        break;
      }
    }
    if (target === null) {
      console.warn(`warning: ${place.now}: cannot resolve "${specifier}", left as it is`);
      return null;
    }
  }
  const movedTarget = modules.get(target);
  if (movedTarget === undefined && (place.old === null || isAlias)) return null;
  const finalTarget = movedTarget ?? target;
  if (isAlias) return `@/${finalTarget}${ext}`;
  let relative = path.posix.relative(path.posix.dirname(place.now), finalTarget);
  if (!relative.startsWith(".")) relative = `./${relative}`;
  return relative + ext === specifier ? null : relative + ext;
}

function scriptKind(file: string): ts.ScriptKind {
  if (file.endsWith(".tsx")) return ts.ScriptKind.TSX;
  return file.endsWith(".ts") || file.endsWith(".mts") ? ts.ScriptKind.TS : ts.ScriptKind.JS;
}

/** The string literals of a source file that name a module. */
function moduleSpecifiers(file: string, text: string): ts.StringLiteralLike[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKind(file));
  const found: ts.StringLiteralLike[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteralLike(node.moduleSpecifier)) found.push(node.moduleSpecifier);
    } else if (ts.isImportTypeNode(node)) {
      const argument = node.argument;
      if (ts.isLiteralTypeNode(argument) && ts.isStringLiteralLike(argument.literal))
        found.push(argument.literal);
    } else if (ts.isCallExpression(node) && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) {
      const callee = node.expression;
      const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(callee) && callee.text === "require";
      const isMock =
        ts.isPropertyAccessExpression(callee) &&
        ts.isIdentifier(callee.expression) &&
        callee.expression.text === "vi" &&
        MOCK_CALLS.has(callee.name.text);
      if (isImport || isRequire || isMock) found.push(node.arguments[0]);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The "../…" literals a file joins to its own folder: path.resolve|join(__dirname | import.meta.dirname, "../x"). */
function folderPaths(file: string, text: string): ts.StringLiteralLike[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKind(file));
  const found: ts.StringLiteralLike[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && /^path\.(resolve|join)$/.test(node.expression.getText(source))) {
      const [base, relative] = node.arguments;
      const isOwnFolder = base && /^(__dirname|import\.meta\.dirname)$/.test(base.getText(source));
      if (isOwnFolder && relative && ts.isStringLiteralLike(relative) && relative.text.startsWith("..")) {
        found.push(relative);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The same place seen from a moved file's new folder, or null when it needs no change (or cannot be told). */
function rewriteFolderPath(relative: string, place: Place): string | null {
  if (place.old === null) return null;
  const fromNew = path.posix.normalize(path.posix.join(path.posix.dirname(place.now), relative));
  const fromOld = path.posix.normalize(path.posix.join(path.posix.dirname(place.old), relative));
  // On a re-run the literal may already be right: keep it when it names something from the new folder.
  // Outside the repository the layout differs between checkouts (a worktree's ../ is not main's): leave those.
  if (!place.oldIsCertain) {
    if (fromNew.startsWith("..") || fromOld.startsWith("..")) return null;
    if (existsSync(abs(fromNew)) || !existsSync(abs(fromOld))) return null;
  }
  const rewritten = path.posix.relative(path.posix.dirname(place.now), fromOld);
  return rewritten === relative ? null : rewritten;
}

/** Rewrites `lib/domain/<stem>.ts` mentions in a piece of prose. */
function rewriteMentions(text: string, stems: ReadonlyMap<string, string>): string {
  return text.replace(
    /lib\/domain\/([a-z0-9-]+?)((?:\.test|\.test-d|\.bench)?\.tsx?)\b/g,
    (whole, stem, ext) => {
      const folder = stems.get(stem);
      return folder === undefined ? whole : `lib/domain/${folder}/${stem}${ext}`;
    },
  );
}

/** The comments of a source file, as [start, end) ranges (from the syntax tree, so regex literals cannot fool it). */
function commentRanges(file: string, text: string): Array<[number, number]> {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKind(file));
  const ranges = new Map<number, number>();
  const collect = (pos: number, end: number) => {
    ranges.set(pos, end);
  };
  const visit = (node: ts.Node): void => {
    ts.forEachLeadingCommentRange(text, node.getFullStart(), collect);
    ts.forEachTrailingCommentRange(text, node.getEnd(), collect);
    for (const child of node.getChildren(source)) visit(child);
  };
  visit(source);
  return [...ranges];
}

type Edit = { start: number; end: number; text: string };

function applyEdits(text: string, edits: Edit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) {
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  }
  return result;
}

function main(): void {
  const { files, modules, stems } = buildTable();
  const movedNow = moveFiles(files);
  const newToOld = new Map(files.map(({ from, to }) => [to, from]));
  const changed: string[] = [];
  let specifierCount = 0;
  let mentionCount = 0;
  let pathCount = 0;

  // In a dry run nothing moved: each file is read where it is and treated as if at its new place.
  const oldToNew = new Map([...movedNow].map(([to, from]) => [from, to]));
  for (const found of walk(CODE_EXTENSIONS)) {
    const file = dryRun ? (oldToNew.get(found) ?? found) : found;
    const oldPath = movedNow.get(file) ?? newToOld.get(file) ?? null;
    const text = readFileSync(abs(found), "utf8");
    const place: Place = { now: file, old: oldPath, oldIsCertain: movedNow.has(file) };
    const edits: Edit[] = [];
    for (const literal of moduleSpecifiers(file, text)) {
      const replacement = rewriteSpecifier(literal.text, place, modules);
      if (replacement === null) continue;
      edits.push({ start: literal.getStart() + 1, end: literal.getEnd() - 1, text: replacement });
      specifierCount += 1;
    }
    for (const literal of folderPaths(file, text)) {
      const replacement = rewriteFolderPath(literal.text, place);
      if (replacement === null) continue;
      edits.push({ start: literal.getStart() + 1, end: literal.getEnd() - 1, text: replacement });
      pathCount += 1;
    }
    for (const [start, end] of commentRanges(file, text)) {
      const comment = text.slice(start, end);
      const rewritten = rewriteMentions(comment, stems);
      if (rewritten !== comment) {
        edits.push({ start, end, text: rewritten });
        mentionCount += 1;
      }
    }
    if (edits.length === 0) continue;
    changed.push(file);
    if (!dryRun) writeFileSync(abs(file), applyEdits(text, edits));
  }

  const prose: string[] = [];
  for (const file of walk([".md", ".prisma"])) {
    const text = readFileSync(abs(file), "utf8");
    const rewritten = rewriteMentions(text, stems);
    if (rewritten === text) continue;
    prose.push(file);
    if (!dryRun) writeFileSync(abs(file), rewritten);
  }

  console.log(
    `${dryRun ? "would move" : "moved"} ${movedNow.size} files (${files.length - movedNow.size} already in place)`,
  );
  console.log(
    `rewrote ${specifierCount} module specifiers, ${pathCount} paths from a file's folder and ${mentionCount} comments in ${changed.length} code files`,
  );
  console.log(
    `rewrote lib/domain paths in ${prose.length} Markdown/Prisma files${prose.length ? `: ${prose.join(", ")}` : ""}`,
  );
  for (const stray of strayFiles(stems))
    console.warn(`warning: ${DOMAIN}/${stray} is in no folder of the table`);
  if (prose.some((file) => file.endsWith(".prisma"))) {
    console.log(
      "schema comments changed: run `npx prisma generate && npx prisma generate --schema prisma/postgresql/schema.prisma`",
    );
  }
  if (!dryRun && runBiome && changed.length > 0) {
    execFileSync("npx", ["biome", "check", "--write", ...changed], { cwd: ROOT, stdio: "inherit" });
  }
}

main();

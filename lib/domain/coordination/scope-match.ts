// Matching paths against a track's scope contract (its path globs): inside or not, by which globs, how precisely.
// Pure.
import picomatch from "picomatch";
import { normalisePath } from "./glob-intersection";

/** `path` relative to `root` when it lies under it (for absolute paths reported by watchers), else unchanged. */
export function toScopePath(path: string, root: string): string {
  const p = normalisePath(path);
  const r = normalisePath(root);
  if (r !== "" && r !== "." && p.startsWith(`${r}/`)) return p.slice(r.length + 1);
  return p;
}

/** True when `path` (relative to the plan's workdir) is inside the scope contract. */
export function isInScope(scope: readonly string[], path: string): boolean {
  return matchingGlobs(scope, path).length > 0;
}

/** The positive globs of `scope` that match `path`, or none when a negated glob excludes it. */
export function matchingGlobs(scope: readonly string[], path: string): string[] {
  const p = normalisePath(path);
  const negated = scope.filter((g) => g.startsWith("!")).map((g) => asMatchGlob(g.slice(1)));
  // dot: true because a contract over "src/**" owns "src/.env" as much as "src/index.ts".
  if (negated.length > 0 && picomatch(negated, { dot: true })(p)) return [];
  return scope
    .filter((g) => g.trim() !== "" && !g.startsWith("!"))
    .filter((g) => picomatch(asMatchGlob(g), { dot: true })(p))
    .map(normalisePath);
}

/**
 * A glob as matched against a changed file's path: "src/" names a directory, as .gitignore reads it, and so claims
 * everything below it ("src/**"), as the plan's overlap check reads it too; without this it claimed only a file
 * named src, and every change below it was a scope violation.
 */
function asMatchGlob(glob: string): string {
  const p = normalisePath(glob);
  return glob.replace(/\\/g, "/").endsWith("/") && p !== "/" ? `${p}/**` : p;
}

/** How precisely a glob names its paths: literal path segments first, then literal characters. */
export function globSpecificity(glob: string): number {
  const segments = normalisePath(glob).split("/");
  let literalSegments = 0;
  let literalChars = 0;
  for (const segment of segments) {
    if (!/[*?[\]{}()!+@]/.test(segment)) literalSegments++;
    literalChars += segment.replace(/[*?[\]{}()!+@]/g, "").length;
  }
  return literalSegments * 1000 + literalChars;
}

/** The scope's non-empty, non-negated globs, normalised: the ones that claim paths. */
export function positiveGlobs(scope: readonly string[]): string[] {
  return scope.filter((g) => g.trim() !== "" && !g.startsWith("!")).map(normalisePath);
}

// Can two scope globs claim the same file? Used to warn about overlapping scope contracts before a run.
import picomatch from "picomatch";

const MAX_BRACE_EXPANSIONS = 64;

/**
 * Whether some path could match both globs. The rule, segment by segment ("/"-separated):
 * - `**` stands for any number of segments (zero included), so it lines up with any run of the other glob;
 * - two literal segments overlap only when equal;
 * - a literal and a wildcard segment overlap when picomatch matches the literal against the wildcard;
 * - two wildcard segments overlap when their literal heads agree (one starts with the other) and their literal
 *   tails agree (one ends with the other): "*.ts" and "*.md" cannot meet, "foo*" and "*bar" can ("foobar").
 * Braces are expanded first; a trailing "/" means the whole directory. The answer errs towards "overlap" (it is a
 * warning), e.g. for extglobs. Negated globs ("!x") only narrow a scope, so they never count as overlapping.
 */
export function globsMayOverlap(a: string, b: string): boolean {
  if (isNegated(a) || isNegated(b)) return false;
  for (const left of expandBraces(normaliseGlob(a))) {
    for (const right of expandBraces(normaliseGlob(b))) {
      if (segmentListsMayOverlap(left.split("/"), right.split("/"))) return true;
    }
  }
  return false;
}

function isNegated(glob: string): boolean {
  return glob.startsWith("!") && !glob.startsWith("!(");
}

function normaliseGlob(glob: string): string {
  let text = glob.trim().replace(/\/{2,}/g, "/");
  while (text.startsWith("./")) text = text.slice(2);
  if (text.endsWith("/")) text = `${text}**`;
  return text === "" ? "**" : text;
}

// Expands the first top-level {a,b} group, then recurses; {1..3} style ranges are left to picomatch.
function expandBraces(glob: string, budget = { left: MAX_BRACE_EXPANSIONS }): string[] {
  const open = glob.indexOf("{");
  if (open < 0) return [glob];
  let depth = 0;
  const commas: number[] = [];
  for (let i = open; i < glob.length; i += 1) {
    const char = glob[i];
    if (char === "\\") i += 1;
    else if (char === "{") depth += 1;
    else if (char === "}") {
      depth -= 1;
      if (depth === 0) {
        if (commas.length === 0) break;
        const head = glob.slice(0, open);
        const tail = glob.slice(i + 1);
        const cuts = [open, ...commas, i];
        const out: string[] = [];
        for (let c = 0; c + 1 < cuts.length; c += 1) {
          if (budget.left <= 0) return [glob];
          budget.left -= 1;
          out.push(...expandBraces(head + glob.slice(cuts[c]! + 1, cuts[c + 1]) + tail, budget));
        }
        return out;
      }
    } else if (char === "," && depth === 1) commas.push(i);
  }
  return [glob];
}

function segmentListsMayOverlap(a: readonly string[], b: readonly string[]): boolean {
  const memo = new Map<number, boolean>();
  const visit = (i: number, j: number): boolean => {
    const id = i * (b.length + 1) + j;
    const known = memo.get(id);
    if (known !== undefined) return known;
    const result = step(i, j);
    memo.set(id, result);
    return result;
  };
  const step = (i: number, j: number): boolean => {
    const left = a[i];
    const right = b[j];
    if (left === undefined && right === undefined) return true;
    if (left === "**") return visit(i + 1, j) || (right !== undefined && visit(i, j + 1));
    if (right === "**") return visit(i, j + 1) || (left !== undefined && visit(i + 1, j));
    if (left === undefined || right === undefined) return false;
    return segmentsMayOverlap(left, right) && visit(i + 1, j + 1);
  };
  return visit(0, 0);
}

function segmentsMayOverlap(a: string, b: string): boolean {
  const aIsGlob = picomatch.scan(a).isGlob;
  const bIsGlob = picomatch.scan(b).isGlob;
  if (!aIsGlob && !bIsGlob) return a === b;
  if (!aIsGlob) return picomatch.isMatch(a, b, { dot: true });
  if (!bIsGlob) return picomatch.isMatch(b, a, { dot: true });
  const [aHead, aTail] = literalEnds(a);
  const [bHead, bTail] = literalEnds(b);
  const headsAgree = aHead.startsWith(bHead) || bHead.startsWith(aHead);
  const tailsAgree = aTail.endsWith(bTail) || bTail.endsWith(aTail);
  return headsAgree && tailsAgree;
}

// The literal text before the first and after the last glob character of one segment.
function literalEnds(segment: string): [string, string] {
  const magic = /[*?[\]{}()!+@]/;
  let first = 0;
  while (first < segment.length && !magic.test(segment[first]!)) first += 1;
  let last = segment.length;
  while (last > first && !magic.test(segment[last - 1]!)) last -= 1;
  return [segment.slice(0, first), segment.slice(last)];
}

// The glob language's intersection (do two scope globs share a path?) and path normalisation for scope checks. Pure.

/** True when some path matches both globs. */
export function globsIntersect(globA: string, globB: string): boolean {
  const as = expandBraces(normalisePath(globA)).map(toSegments);
  const bs = expandBraces(normalisePath(globB)).map(toSegments);
  return as.some((a) => bs.some((b) => segmentsIntersect(a, b)));
}

/** Forward slashes, no leading "./", no trailing "/". */
export function normalisePath(path: string): string {
  let p = path.replace(/\\/g, "/").replace(/\/{2,}/g, "/");
  while (p.startsWith("./")) p = p.slice(2);
  if (p.length > 1 && p.endsWith("/")) p = p.slice(0, -1);
  return p;
}

/** Expands "{a,b}" alternatives (nested too); leaves "{}" and single-item braces literal. */
export function expandBraces(glob: string): string[] {
  const open = findBraceOpen(glob);
  if (open === -1) return [glob];
  const close = findBraceClose(glob, open);
  if (close === -1) return [glob];
  const parts = splitTopLevel(glob.slice(open + 1, close));
  const head = glob.slice(0, open);
  const tail = glob.slice(close + 1);
  if (parts.length < 2) {
    // A lone "{x}" is literal in picomatch; keep expanding whatever follows it.
    return expandBraces(tail).map((t) => `${head}{${parts[0] ?? ""}}${t}`);
  }
  return parts.flatMap((part) => expandBraces(`${head}${part}${tail}`));
}

function findBraceOpen(glob: string): number {
  for (let i = 0; i < glob.length; i++) {
    if (glob[i] === "\\") i++;
    else if (glob[i] === "{") return i;
  }
  return -1;
}

function findBraceClose(glob: string, open: number): number {
  let depth = 0;
  for (let i = open; i < glob.length; i++) {
    const c = glob[i];
    if (c === "\\") i++;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i;
  }
  return -1;
}

function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === "\\") i++;
    else if (c === "{") depth++;
    else if (c === "}") depth--;
    else if (c === "," && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

/** A segment's tokens: a literal character, any one character, or any run of characters. */
type Token = { kind: "char"; ch: string } | { kind: "one" } | { kind: "star" };
type Segment = "globstar" | Token[];

function toSegments(glob: string): Segment[] {
  return glob
    .split("/")
    .filter((s, i) => s !== "" || i === 0)
    .filter((s) => s !== ".")
    .map((s) => (s === "**" ? "globstar" : tokenise(s)));
}

function tokenise(segment: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === "\\" && i + 1 < segment.length) {
      tokens.push({ kind: "char", ch: segment[++i]! });
    } else if (c === "*") {
      if (tokens[tokens.length - 1]?.kind !== "star") tokens.push({ kind: "star" });
    } else if (c === "?") {
      tokens.push({ kind: "one" });
    } else if (c === "[") {
      const end = segment.indexOf("]", i + 2);
      if (end === -1) tokens.push({ kind: "char", ch: c });
      else {
        tokens.push({ kind: "one" });
        i = end;
      }
    } else {
      tokens.push({ kind: "char", ch: c });
    }
  }
  return tokens;
}

function segmentsIntersect(a: Segment[], b: Segment[]): boolean {
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const id = i * (b.length + 1) + j;
    const cached = memo.get(id);
    if (cached !== undefined) return cached;
    let result: boolean;
    const sa = a[i];
    const sb = b[j];
    if (sa === undefined && sb === undefined) result = true;
    else if (sa === "globstar") result = go(i + 1, j) || (sb !== undefined && go(i, j + 1));
    else if (sb === "globstar") result = go(i, j + 1) || (sa !== undefined && go(i + 1, j));
    else if (sa === undefined || sb === undefined) result = false;
    else result = tokensIntersect(sa, sb) && go(i + 1, j + 1);
    memo.set(id, result);
    return result;
  };
  return go(0, 0);
}

/** True when some non-empty string matches both token lists. */
function tokensIntersect(a: Token[], b: Token[]): boolean {
  // A path segment is never empty, so "*" alone must still take at least one character.
  if (a.length === 0 || b.length === 0) return a.length === 0 && b.length === 0;
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const id = i * (b.length + 1) + j;
    const cached = memo.get(id);
    if (cached !== undefined) return cached;
    let result: boolean;
    const ta = a[i];
    const tb = b[j];
    if (ta === undefined && tb === undefined) result = true;
    else if (ta?.kind === "star") result = go(i + 1, j) || (tb !== undefined && go(i, j + 1));
    else if (tb?.kind === "star") result = go(i, j + 1) || (ta !== undefined && go(i + 1, j));
    else if (ta === undefined || tb === undefined) result = false;
    else result = (ta.kind === "one" || tb.kind === "one" || ta.ch === tb.ch) && go(i + 1, j + 1);
    memo.set(id, result);
    return result;
  };
  return go(0, 0);
}

// Slips in the list syntax of a hand-written plan, told in plain words with what to write instead of the parser's
// grammar: "-key: A" (no space after the dash), a track without its "- ", "-  key: A" whose fields below are lined up
// for one space. Each slip is mended in a copy of the text and the copy read again, so the parser's other complaints
// are kept only when they are not echoes of a slip. Pure.
import { type Document, isMap, isScalar, isSeq, type Node, type Pair, parseDocument } from "yaml";
import type { Located } from "./plan-finding";
import { expectsListAt, listKnownKeys } from "./plan-known-keys";

/** A parser error as validatePlan words it: its code, its message and where it is in the plan's own text. */
export type YamlSyntaxError = { code: string; message: string; offset: number };

export type ListSlipReading = {
  slips: Located[];
  /** The parser's errors left once the slips are mended, at offsets of the original text. */
  errors: YamlSyntaxError[];
};

type Edit = { at: number; remove: number; insert: string };
type Slip = { offset: number; message: string; edits: Edit[] };

/** The most rounds of mending: a slip can hide another behind it, never many. */
const ROUNDS = 4;

/** The plan's list slips and the parser errors that remain without them; null when it has none. */
export function readListSlips(source: string, doc: Document): ListSlipReading | null {
  let text = source;
  let current = doc;
  let toSource = (offset: number) => offset;
  const slips: Located[] = [];
  const told = new Set<number>();
  for (let round = 0; round < ROUNDS; round++) {
    const found = findSlips(current, text).filter((slip) => !told.has(toSource(slip.offset)));
    if (found.length === 0) break;
    for (const slip of found) {
      const offset = toSource(slip.offset);
      told.add(offset);
      slips.push({ path: [], message: slip.message, severity: "error", offset });
    }
    const edits = found.flatMap((slip) => slip.edits).sort((a, b) => a.at - b.at);
    text = applyEdits(text, edits);
    const before = toSource;
    toSource = (offset) => before(beforeEdits(edits, offset));
    current = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  }
  if (slips.length === 0) return null;
  // What the parser still says about a line the lead is told to rewrite is about text that will be gone.
  const rewritten = new Set(slips.map((slip) => lineOf(source, slip.offset ?? 0)));
  const errors = current.errors
    .map((error) => ({ code: error.code, message: error.message, offset: toSource(error.pos[0]) }))
    .filter((error) => !rewritten.has(lineOf(source, error.offset)));
  return { slips, errors };
}

/** Where a block sequence's items are: the column of their "- ", what they are called, their fields. */
type ListContext = { dash: number; noun: string; firstKey: string | undefined; itemKeys: readonly string[] };

function findSlips(doc: Document, text: string): Slip[] {
  const slips: Slip[] = [];
  // Walked with a stack, not recursion: a plan nested hundreds of levels deep reads as the parser read it.
  const stack: { node: unknown; path: (string | number)[] }[] = [{ node: doc.contents, path: [] }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { node, path } = next;
    if (isMap(node)) {
      const block = !node.flow;
      const planKeys = listKnownKeys(path);
      // A key such as "-x" may be a name the plan allows (a resource's); where a field or a list item belongs, or
      // past a parser error, it is a list item's dash.
      const dashMeansItem = (key: string) =>
        doc.errors.length > 0 || expectsListAt(path) || (planKeys.length > 0 && !planKeys.includes(key));
      for (const pair of node.items) {
        const dashed = block ? dashWithoutSpace(pair, text, dashMeansItem) : null;
        if (dashed) slips.push(dashed);
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        // Not slurm's extraArgs: its items are options, "-p gpu" among them.
        if (key !== undefined && key !== "extraArgs" && expectsListAt([...path, key]))
          slips.push(...dashedValues(pair.value, text));
        const asList = block && key !== undefined ? listWrittenAsMapping(pair, [...path, key], text) : [];
        slips.push(...asList);
        if (key !== undefined && asList.length === 0) stack.push({ node: pair.value, path: [...path, key] });
      }
      if (block) slips.push(...itemsWithoutDash(node.items, path, planKeys, text));
    } else if (isSeq(node)) {
      if (!node.flow) slips.push(...extraSpaceAfterDash(node.items, text));
      node.items.forEach((item, index) => {
        stack.push({ node: item, path: [...path, index] });
      });
    }
  }
  return slips;
}

/** "-key: A": a key that starts its line with "-" and no space, meant as a list item. */
function dashWithoutSpace(pair: Pair, text: string, meansItem: (key: string) => boolean): Slip | null {
  const key = pair.key;
  if (!isScalar(key) || key.type !== "PLAIN" || typeof key.value !== "string") return null;
  if (!startsWithDash(key.value) || !meansItem(key.value)) return null;
  const at = startOf(key);
  if (at === undefined || text.slice(lineStart(text, at), at).trim() !== "") return null;
  const written = quoteOf(text, at);
  // Fields below lined up with the word after "-" move with it.
  const edits: Edit[] = [{ at: at + 1, remove: 0, insert: " " }];
  const dash = columnOf(text, at);
  for (let start = text.indexOf("\n", at) + 1; start > 0; start = text.indexOf("\n", start) + 1) {
    const line = restOfLine(text, start);
    const indent = line.length - line.trimStart().length;
    if (line.trim() === "") continue;
    if (indent <= dash) break;
    if (indent === dash + 1) edits.push({ at: start, remove: 0, insert: " " });
  }
  const below =
    edits.length > 1 ? ` and line up the fields below it with "${written.slice(1).split(":")[0]}"` : "";
  return {
    offset: at,
    message: `"${written}": a list item needs a space after "-"; write "- ${written.slice(1)}"${below}`,
    edits,
  };
}

/** "dependsOn:" then "  -b" on the next line: a plain value where a list belongs, each line of it a dashed item. */
function dashedValues(value: unknown, text: string): Slip[] {
  if (!isScalar(value) || value.type !== "PLAIN" || typeof value.value !== "string") return [];
  const [from, to] = value.range ?? [0, 0];
  if (!startsWithDash(value.value) || text.slice(lineStart(text, from), from).trim() !== "") return [];
  const slips: Slip[] = [];
  for (
    let start = lineStart(text, from);
    start >= 0 && start < to;
    start = text.indexOf("\n", start) + 1 || -1
  ) {
    const line = restOfLine(text, start);
    const at = start + line.length - line.trimStart().length;
    if (!startsWithDash(line.trimStart())) continue;
    const written = quoteOf(text, at);
    slips.push({
      offset: at,
      message: `"${written}": a list item needs a space after "-"; write "- ${written.slice(1)}"`,
      edits: [{ at: at + 1, remove: 0, insert: " " }],
    });
  }
  return slips;
}

/** "-key", "-b": plain text that starts with "-" and a word, a list item's dash without its space when it starts a line. */
function startsWithDash(key: string): boolean {
  return /^-[^\s-]/.test(key);
}

/** "-  key: A" with the lines below lined up for one space: the parser reads them as an item without "- ". */
function extraSpaceAfterDash(items: readonly unknown[], text: string): Slip[] {
  const slips: Slip[] = [];
  for (let index = 1; index < items.length; index++) {
    const item = items[index];
    const itemAt = startOf(item);
    const previousAt = startOf(items[index - 1]);
    if (!isMap(item) || itemAt === undefined || previousAt === undefined) continue;
    if (text.slice(lineStart(text, itemAt), itemAt).trim() !== "") continue;
    const spaces = / {2,}$/.exec(text.slice(lineStart(text, previousAt), previousAt));
    const dashAt = previousAt - (spaces?.[0].length ?? 0) - 1;
    if (!spaces || text[dashAt] !== "-" || columnOf(text, itemAt) !== columnOf(text, dashAt) + 2) continue;
    const written = quoteOf(text, previousAt);
    slips.push({
      offset: dashAt,
      message: `"-${spaces[0]}${written}" has ${spaces[0].length} spaces after "-", but line ${lineOf(text, itemAt)} below is lined up for one; write "- ${written}"`,
      edits: [{ at: dashAt + 2, remove: spaces[0].length - 1, insert: "" }],
    });
  }
  return slips;
}

/**
 * Fields at the column of the "- " of the list just above (or, when that is the mapping's own column, fields only a
 * list item has): list items written without their "- ". A repeat of the item's first field starts the next one.
 */
function itemsWithoutDash(
  pairs: readonly Pair[],
  path: readonly (string | number)[],
  planKeys: readonly string[],
  text: string,
): Slip[] {
  const column = columnOf(text, startOf(pairs[0]?.key) ?? 0);
  const slips: Slip[] = [];
  let list: ListContext | null = null;
  let run: Pair[] = [];
  const flush = () => {
    if (list !== null && run.length > 0)
      slips.push(...splitItems(run, list).map((item) => itemSlip(item, list!, text)));
    run = [];
  };
  for (const pair of pairs) {
    const at = startOf(pair.key);
    if (at === undefined || !isScalar(pair.key)) {
      flush();
      continue;
    }
    const key = String(pair.key.value);
    if (startsWithDash(key)) {
      flush();
      list = null;
      continue;
    }
    const here = columnOf(text, at);
    const onlyInItem = list !== null && !planKeys.includes(key) && list.itemKeys.includes(key);
    if (list !== null && here === list.dash && (here !== column || onlyInItem)) {
      run.push(pair);
      continue;
    }
    flush();
    list = here === column ? listContext(pair, [...path, key], text) : null;
  }
  flush();
  return slips;
}

/** "tracks:" written as a mapping of a track's fields: the items lack their "- ". */
function listWrittenAsMapping(pair: Pair, path: readonly (string | number)[], text: string): Slip[] {
  const value = pair.value;
  if (!isMap(value) || value.flow || value.items.length === 0) return [];
  const itemKeys = listKnownKeys([...path, 0]);
  if (itemKeys.length === 0 || !expectsListAt(path)) return [];
  const pairs = value.items;
  if (!pairs.every((item) => isScalar(item.key) && itemKeys.includes(String(item.key.value)))) return [];
  const list: ListContext = {
    dash: columnOf(text, startOf(pairs[0]!.key) ?? 0),
    noun: nounOf(path),
    firstKey: isScalar(pairs[0]!.key) ? String(pairs[0]!.key.value) : undefined,
    itemKeys,
  };
  return splitItems(pairs, list).map((item) => itemSlip(item, list, text));
}

function listContext(pair: Pair, path: readonly (string | number)[], text: string): ListContext | null {
  const value = pair.value;
  const at = startOf(value);
  if (!isSeq(value) || value.flow || at === undefined) return null;
  const first = value.items[0];
  const firstKey =
    isMap(first) && isScalar(first.items[0]?.key) ? String(first.items[0].key.value) : undefined;
  return { dash: columnOf(text, at), noun: nounOf(path), firstKey, itemKeys: listKnownKeys([...path, 0]) };
}

/** A run of fields cut into items: a field the current item already has, or the list's first field, starts one. */
function splitItems(run: readonly Pair[], list: ListContext): Pair[][] {
  const items: Pair[][] = [];
  let keys = new Set<string>();
  for (const pair of run) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "";
    const current = items.at(-1);
    if (current === undefined || keys.has(key) || (key === list.firstKey && current.length > 0)) {
      items.push([pair]);
      keys = new Set([key]);
    } else {
      current.push(pair);
      keys.add(key);
    }
  }
  return items;
}

function itemSlip(item: readonly Pair[], list: ListContext, text: string): Slip {
  const at = startOf(item[0]!.key) ?? 0;
  const written = quoteOf(text, at);
  const line = lineOf(text, at);
  const keys = item.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : ""));
  const starts = list.firstKey !== undefined && keys.includes(list.firstKey);
  const fix =
    item.length > 1
      ? `write "- ${written}" and line up the fields below it with "${keys[0]}"`
      : `write "- ${written}"`;
  const message = starts
    ? `line ${line} starts a ${list.noun} without its "- ": each ${list.noun} starts with "- "; ${fix}`
    : `line ${line} is at the column of the "- " above but has none: each ${list.noun} starts with "- " (${fix}); if it belongs to the ${list.noun} above, indent it to line up with that ${list.noun}'s fields`;
  const last = item.at(-1)!;
  const end =
    last.value && (last.value as Node).range ? (last.value as Node).range![2] : (startOf(last.key) ?? at);
  return { offset: at, message, edits: mendItem(text, at, end, list.dash) };
}

/** "- " before the item's first field; its other lines at that column indented under it, as are their values. */
function mendItem(text: string, at: number, end: number, column: number): Edit[] {
  const edits: Edit[] = [{ at, remove: 0, insert: "- " }];
  let valueInline = /:\s*\S/.test(restOfLine(text, at).replace(/\s#.*$/, ""));
  for (
    let start = text.indexOf("\n", at) + 1;
    start > 0 && start < end;
    start = text.indexOf("\n", start) + 1
  ) {
    const line = restOfLine(text, start);
    const indent = line.length - line.trimStart().length;
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    if (indent === column) {
      edits.push({ at: start, remove: 0, insert: "  " });
      valueInline = /:\s*\S/.test(line.replace(/\s#.*$/, ""));
    } else if (indent > column && !valueInline) {
      edits.push({ at: start, remove: 0, insert: "  " });
    }
  }
  return edits;
}

/** What an item of the list at `path` is called: "track" for tracks, "agent" for agents, else "list item". */
export function nounOf(path: readonly (string | number)[]): string {
  const key = path.at(-1);
  return key === "tracks" ? "track" : key === "agents" ? "agent" : "list item";
}

function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = "";
  let from = 0;
  for (const edit of edits) {
    out += text.slice(from, edit.at) + edit.insert;
    from = Math.max(from, edit.at + edit.remove);
  }
  return out + text.slice(from);
}

/** An offset in the edited text, back in the text before the edits (inside an insertion: where it was inserted). */
function beforeEdits(edits: readonly Edit[], offset: number): number {
  let shift = 0;
  for (const edit of edits) {
    const start = edit.at + shift;
    if (offset < start) return offset - shift;
    if (offset < start + edit.insert.length) return edit.at;
    shift += edit.insert.length - edit.remove;
  }
  return offset - shift;
}

function startOf(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** 1-based, as the issues print it. */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let at = text.indexOf("\n"); at !== -1 && at < offset; at = text.indexOf("\n", at + 1)) line += 1;
  return line;
}

/** The line's text from `offset`, without its end. */
function restOfLine(text: string, offset: number): string {
  const end = text.indexOf("\n", offset);
  return text.slice(offset, end === -1 ? undefined : end).trimEnd();
}

/** The line's text from `offset` as a message quotes it: without a comment, cut short when long. */
function quoteOf(text: string, offset: number): string {
  const rest = restOfLine(text, offset).replace(/\s+#.*$/, "");
  return rest.length > 60 ? `${rest.slice(0, 57)}…` : rest;
}

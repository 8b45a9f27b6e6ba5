// Reading a plan's shell commands without running them: which programs they start (for the PATH pre-flight
// check), and filling a resume template with a session id. Pure; a small POSIX-shell lexer, not a full parser.
import { SESSION_ID_PATTERN } from "../agents/progress-line";

export type CommandPrograms = {
  /** Programs the command starts, as written ("claude", "./run.sh", "/usr/bin/node"). */
  programs: string[];
  /** Words in program position that cannot be known before running ("$AGENT", "$(which x)"), for a note. */
  unchecked: string[];
};

// Shell builtins and words that are always there (no PATH lookup needed).
const BUILTINS = new Set([
  ".",
  ":",
  "[",
  "[[",
  "alias",
  "bg",
  "cd",
  "declare",
  "echo",
  "eval",
  "exit",
  "export",
  "false",
  "fg",
  "hash",
  "jobs",
  "kill",
  "let",
  "local",
  "printf",
  "pushd",
  "popd",
  "pwd",
  "read",
  "readonly",
  "return",
  "set",
  "shift",
  "source",
  "test",
  "trap",
  "true",
  "type",
  "typeset",
  "ulimit",
  "umask",
  "unset",
  "wait",
]);
// Keywords after which the next word is a command again.
const LEADING_KEYWORDS = new Set([
  "if",
  "then",
  "else",
  "elif",
  "do",
  "while",
  "until",
  "!",
  "{",
  "}",
  "time",
]);
// Keywords that end a construct, or start one this reader does not follow (the segment is skipped).
const SKIPPED_KEYWORDS = new Set(["fi", "done", "esac", "for", "case", "select", "function", "in"]);
// Wrappers that run another program: [name, options that take a value, how many plain arguments precede it].
const WRAPPERS: ReadonlyMap<string, { valued: readonly string[]; leadingArgs: number }> = new Map([
  ["env", { valued: ["-u", "--unset", "-C", "--chdir", "-S", "--split-string"], leadingArgs: 0 }],
  ["exec", { valued: ["-a"], leadingArgs: 0 }],
  ["nice", { valued: ["-n", "--adjustment"], leadingArgs: 0 }],
  ["nohup", { valued: [], leadingArgs: 0 }],
  ["command", { valued: [], leadingArgs: 0 }],
  ["setsid", { valued: [], leadingArgs: 0 }],
  ["stdbuf", { valued: ["-i", "-o", "-e"], leadingArgs: 0 }],
  ["timeout", { valued: ["-s", "--signal", "-k", "--kill-after"], leadingArgs: 1 }],
]);

type Token = { kind: "word"; text: string; raw: string } | { kind: "operator" };

/** The programs a shell command line starts: the first word of each simple command, past assignments and wrappers. */
export function listCommandPrograms(command: string): CommandPrograms {
  const programs: string[] = [];
  const unchecked: string[] = [];
  for (const segment of splitSegments(tokenize(command))) {
    const found = programOfSegment(segment);
    if (found === null) continue;
    if (found.dynamic) unchecked.push(found.word);
    else if (!programs.includes(found.word)) programs.push(found.word);
  }
  return { programs, unchecked };
}

function programOfSegment(
  words: readonly { text: string; raw: string }[],
): { word: string; dynamic: boolean; index: number } | null {
  let index = 0;
  const skipAssignmentsAndRedirections = () => {
    while (index < words.length) {
      const raw = words[index]?.raw ?? "";
      if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(raw)) index += 1;
      else if (/^\d*(?:>>?|<<?|>&|<&|&>)/.test(raw)) index += /^\d*(?:>>?|<<?|>&|<&|&>)$/.test(raw) ? 2 : 1;
      else break;
    }
  };
  for (;;) {
    skipAssignmentsAndRedirections();
    const word = words[index];
    if (!word) return null;
    if (/[$`]/.test(word.raw)) return { word: word.raw, dynamic: true, index };
    if (LEADING_KEYWORDS.has(word.raw)) {
      index += 1;
      continue;
    }
    if (SKIPPED_KEYWORDS.has(word.raw) || word.raw.startsWith("(") || word.raw.endsWith("()")) return null;
    if (word.text === "command" && /^-[vV]$/.test(words[index + 1]?.raw ?? "")) return null;
    const wrapper = WRAPPERS.get(word.text);
    if (wrapper) {
      index += 1;
      while (index < words.length) {
        const option = words[index]?.raw ?? "";
        if (option === "--") {
          index += 1;
          break;
        }
        if (!option.startsWith("-") || option === "-") break;
        index += wrapper.valued.includes(option) ? 2 : 1;
      }
      // env's own NAME=value arguments come before the program.
      skipAssignmentsAndRedirections();
      index += wrapper.leadingArgs;
      if (index >= words.length) return { word: word.text, dynamic: false, index: index - 1 };
      continue;
    }
    if (BUILTINS.has(word.text)) return null;
    return { word: word.text, dynamic: false, index };
  }
}

/** Shells whose `-c` string is the command that matters. */
const SHELLS = new Set(["sh", "bash", "zsh", "dash", "ksh"]);
/** Interpreters and launchers: the script or package they run names the kind, not they themselves. */
const INTERPRETERS = new Set([
  ...SHELLS,
  "node",
  "python",
  "python3",
  "deno",
  "bun",
  "ruby",
  "perl",
  "php",
  "npx",
  "tsx",
  "uv",
  "uvx",
]);
/** Interpreter options that take a value (the value is not the script). */
const VALUED_OPTIONS = new Set([
  "--import",
  "-r",
  "--require",
  "--loader",
  "--env-file",
  "-W",
  "-X",
  "--with",
]);

const baseName = (word: string) => word.replace(/\/+$/, "").split("/").pop() || word;

/**
 * What kind of agent a command runs, for sharing learned memory growth between tracks of the same kind: the
 * program's name, or an interpreter's with its script's ("node agent.mjs", "python3 -m aider", "claude"); a shell's
 * `-c` string by its own kind. Arguments, directories and sizes are left out: they differ between tracks of one kind.
 */
export function commandKind(command: string): string {
  for (const segment of splitSegments(tokenize(command))) {
    const found = programOfSegment(segment);
    if (found === null) continue;
    if (found.dynamic) return found.word;
    const program = baseName(found.word);
    if (!INTERPRETERS.has(program)) return program;
    for (let i = found.index + 1; i < segment.length; i++) {
      const word = segment[i]!.text;
      // -c, also in a cluster such as -lc
      if (SHELLS.has(program) && /^-[a-z]*c[a-z]*$/.test(word)) {
        const inner = segment[i + 1]?.text;
        return inner === undefined ? program : `${program} -c ${commandKind(inner)}`;
      }
      if (word === "-m" && segment[i + 1] !== undefined) return `${program} -m ${segment[i + 1]!.text}`;
      if (VALUED_OPTIONS.has(word)) i += 1;
      else if (!word.startsWith("-")) return `${program} ${baseName(word)}`;
    }
    return program;
  }
  return command.trim().split(/\s+/)[0] ?? "";
}

/** A track's kind: its agents' command kinds, in plan order. */
export function trackKindKey(commands: readonly string[]): string {
  return commands.map(commandKind).join(" + ");
}

function splitSegments(tokens: readonly Token[]): { text: string; raw: string }[][] {
  const segments: { text: string; raw: string }[][] = [[]];
  for (const token of tokens) {
    if (token.kind === "operator") segments.push([]);
    else segments[segments.length - 1]?.push(token);
  }
  return segments.filter((segment) => segment.length > 0);
}

// Words with quotes removed (text) and as written (raw); operators (; & | && || newline parentheses) split commands.
function tokenize(command: string): Token[] {
  const tokens: Token[] = [];
  let text = "";
  let raw = "";
  let inWord = false;
  const endWord = () => {
    if (inWord) tokens.push({ kind: "word", text, raw });
    text = "";
    raw = "";
    inWord = false;
  };
  for (let i = 0; i < command.length; i += 1) {
    const char = command[i] ?? "";
    if (char === "'") {
      const close = command.indexOf("'", i + 1);
      const end = close === -1 ? command.length : close;
      text += command.slice(i + 1, end);
      raw += command.slice(i, end + 1);
      inWord = true;
      i = end;
    } else if (char === '"') {
      let j = i + 1;
      while (j < command.length && command[j] !== '"') {
        if (command[j] === "\\" && j + 1 < command.length) {
          text += command[j + 1];
          j += 2;
        } else {
          text += command[j];
          j += 1;
        }
      }
      raw += command.slice(i, j + 1);
      inWord = true;
      i = j;
    } else if ((char === "$" && command[i + 1] === "(") || char === "`") {
      // A command substitution is part of the word (which is then dynamic), up to its matching end.
      const end = findSubstitutionEnd(command, i);
      text += command.slice(i, end + 1);
      raw += command.slice(i, end + 1);
      inWord = true;
      i = end;
    } else if (char === "\\" && i + 1 < command.length) {
      if (command[i + 1] !== "\n") {
        text += command[i + 1];
        raw += command.slice(i, i + 2);
        inWord = true;
      }
      i += 1;
    } else if (char === "#" && !inWord) {
      const newline = command.indexOf("\n", i);
      i = newline === -1 ? command.length : newline - 1;
    } else if (/\s/.test(char)) {
      endWord();
      if (char === "\n") tokens.push({ kind: "operator" });
    } else if (";&|()".includes(char)) {
      // A redirection such as 2>&1 keeps its "&".
      if (char === "&" && /[<>]$/.test(raw)) {
        text += char;
        raw += char;
        continue;
      }
      endWord();
      tokens.push({ kind: "operator" });
      if ((char === "&" || char === "|") && command[i + 1] === char) i += 1;
    } else {
      text += char;
      raw += char;
      inWord = true;
    }
  }
  endWord();
  return tokens;
}

// The index of the ")" or "`" closing the substitution that starts at `start` (or the last index).
function findSubstitutionEnd(command: string, start: number): number {
  if (command[start] === "`") {
    const close = command.indexOf("`", start + 1);
    return close === -1 ? command.length - 1 : close;
  }
  let depth = 0;
  for (let i = start + 1; i < command.length; i += 1) {
    if (command[i] === "(") depth += 1;
    else if (command[i] === ")") {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return command.length - 1;
}

/** A token the template must contain: where the session id goes. */
export const SESSION_PLACEHOLDER = "{session}";

/**
 * The resume command for a session: the template with {session} filled in. The id comes from agent output, so it
 * must match SESSION_ID_PATTERN (no shell metacharacters), which also makes it safe inside or outside quotes.
 */
export function fillResumeTemplate(
  template: string,
  sessionId: string,
): { ok: true; command: string } | { ok: false; error: string } {
  if (!template.includes(SESSION_PLACEHOLDER)) {
    return { ok: false, error: `the resume template has no ${SESSION_PLACEHOLDER}` };
  }
  if (!SESSION_ID_PATTERN.test(sessionId)) {
    return {
      ok: false,
      error: "the session id has characters a shell could misread; refusing to resume with it",
    };
  }
  return { ok: true, command: template.split(SESSION_PLACEHOLDER).join(sessionId) };
}

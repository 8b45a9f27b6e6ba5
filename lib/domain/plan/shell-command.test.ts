import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { commandKind, fillResumeTemplate, listCommandPrograms, trackKindKey } from "./shell-command";

describe("listCommandPrograms", () => {
  it.each([
    ["claude -p 'fix it' --output-format stream-json", ["claude"]],
    ["ANTHROPIC_MODEL=opus FOO='a b' claude -p x", ["claude"]],
    ["env -u HOME X=1 codex exec --json x", ["codex"]],
    ["nice -n 10 timeout -s KILL 2h node agent.mjs", ["node"]],
    ["exec ./scripts/run-agent.sh --fast", ["./scripts/run-agent.sh"]],
    ["cd repo && npm ci && npx vitest run", ["npm", "npx"]],
    ["cd repo; aider --yes-always 2>&1 | tee log.txt", ["aider", "tee"]],
    ["if test -f x; then make build; else make all; fi", ["make"]],
    ["'/opt/my tools/agent' --go", ["/opt/my tools/agent"]],
    ['"$HOME/bin/agent"', []],
    ["> out.log 2>&1 python3 -m agent", ["python3"]],
    ["echo hi # claude", []],
    ["nohup setsid stdbuf -oL node a.js &", ["node"]],
    ["command -v claude", []],
    ["export X=1\nsource .env\nnode run.js", ["node"]],
    ["", []],
  ])("%j starts %j", (command, programs) => {
    expect(listCommandPrograms(command).programs).toEqual(programs);
  });

  it("notes program words that cannot be known before running", () => {
    expect(listCommandPrograms("$AGENT --go && `which claude` -p x && $(pick) x")).toEqual({
      programs: [],
      unchecked: ["$AGENT", "`which claude`", "$(pick)"],
    });
    expect(listCommandPrograms('"$HOME/bin/agent"').unchecked).toEqual(['"$HOME/bin/agent"']);
  });

  it("never throws, whatever the command", () => {
    fc.assert(
      fc.property(fc.string(), (command) => {
        const found = listCommandPrograms(command);
        expect(Array.isArray(found.programs) && Array.isArray(found.unchecked)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("fillResumeTemplate", () => {
  it("puts the session id where {session} is", () => {
    expect(
      fillResumeTemplate("claude -p --resume {session} --output-format stream-json", "5b1c6a0e-3f0d"),
    ).toEqual({
      ok: true,
      command: "claude -p --resume 5b1c6a0e-3f0d --output-format stream-json",
    });
    expect(fillResumeTemplate("codex exec resume '{session}' --json 'go on'", "0199b7e2")).toEqual({
      ok: true,
      command: "codex exec resume '0199b7e2' --json 'go on'",
    });
  });

  it("refuses ids a shell could misread, and templates without {session}", () => {
    expect(fillResumeTemplate("claude --resume {session}", "x; rm -rf ~")).toMatchObject({ ok: false });
    expect(fillResumeTemplate("claude --resume {session}", "$(id)")).toMatchObject({ ok: false });
    expect(fillResumeTemplate("claude --resume {session}", "-rf")).toMatchObject({ ok: false });
    expect(fillResumeTemplate("claude --continue", "abc")).toMatchObject({
      ok: false,
      error: "the resume template has no {session}",
    });
  });
});

describe("commandKind", () => {
  it("names the program, or an interpreter with its script, without arguments or directories", () => {
    expect(commandKind("claude -p 'do the thing' --model opus")).toBe("claude");
    expect(commandKind("node /work/repo/demo/agent.mjs --mb 300 --seconds 30")).toBe("node agent.mjs");
    expect(commandKind("node --import tsx ./bench/governor-paratrack.ts in.json")).toBe(
      "node governor-paratrack.ts",
    );
    expect(commandKind("python3 -m aider --yes")).toBe("python3 -m aider");
    expect(commandKind("cd sub && PARATRACK_X=1 nice -n 5 /usr/local/bin/codex exec 'fix it'")).toBe("codex");
    expect(commandKind("npx @anthropic-ai/claude-code -p hi")).toBe("npx claude-code");
  });

  it("reads a shell's -c string as the command, and keeps unknowable words as written", () => {
    expect(commandKind("sh -c 'echo ::progress 50; sleep 1'")).toBe("sh -c sleep");
    expect(commandKind("bash -lc 'make test'")).toBe("bash -c make");
    expect(commandKind("$AGENT --go")).toBe("$AGENT");
    expect(commandKind("echo only builtins")).toBe("echo");
  });

  it("gives two tracks of one kind the same key, and the track's agents in plan order", () => {
    const a = "node /a/demo/agent.mjs --mb 2028 --seconds 30 --steps 6";
    const b = "node /b/demo/agent.mjs --mb 594 --seconds 24 --steps 4";
    expect(commandKind(a)).toBe(commandKind(b));
    expect(trackKindKey([a, "claude -p review"])).toBe("node agent.mjs + claude");
  });
});

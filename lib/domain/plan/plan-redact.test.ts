import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { MASK, maskPlanEnv, redactPlanIssues } from "./plan-redact";
import { validatePlan } from "./plan-validate";

const plan = `# a comment stays
name: Secret plan
tracks:
  - key: A
    env:
      OPENAI_API_KEY: sk-live-123456
      PORT: 8080
    command: echo "uses $OPENAI_API_KEY"
  - key: B
    env: { TOKEN: 'abc"def', EMPTY: "" }
    agents:
      - command: run
`;

describe("maskPlanEnv", () => {
  it("masks every env value, keeps names, commands, comments and layout", () => {
    const masked = maskPlanEnv(plan);
    expect(masked).not.toContain("sk-live-123456");
    expect(masked).not.toContain('abc"def');
    expect(masked).toContain("# a comment stays");
    expect(masked).toContain('command: echo "uses $OPENAI_API_KEY"');
    const data = parse(masked) as { tracks: { env: Record<string, string> }[] };
    expect(data.tracks[0]?.env).toEqual({ OPENAI_API_KEY: MASK, PORT: MASK });
    expect(data.tracks[1]?.env).toEqual({ TOKEN: MASK, EMPTY: MASK });
    expect(masked.split("\n")).toHaveLength(plan.split("\n").length);
  });

  it("leaves a plan without env as it is and hides unparseable text that mentions env", () => {
    const plain = "name: x\ntracks:\n  - key: A\n    command: run\n";
    expect(maskPlanEnv(plain)).toBe(plain);
    expect(maskPlanEnv("name: [\n  env: secret")).not.toContain("secret");
  });
});

describe("the webhook URL", () => {
  it("is masked in the text and in the stored plan: it may carry a secret in its path", () => {
    const source = `name: hooks
notify:
  webhook: https://hooks.example.com/services/T000/B000/secret-token
tracks:
  - key: A
    command: run
`;
    const masked = maskPlanEnv(source);
    expect(masked).not.toContain("secret-token");
    expect(masked).toContain(`webhook: "${MASK}"`);
    expect(masked).toContain("command: run");
  });
});

describe("redactPlanIssues", () => {
  it("keeps the problem and the position but none of the file's text", () => {
    const shadow = "root:$6$saltsalt$hashhashhash:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n";
    const result = validatePlan(shadow, {
      fileName: "/etc/shadow",
      baseDir: "/etc",
      effectiveTotalBytes: null,
    });
    if (result.ok) throw new Error("expected errors");
    const redacted = redactPlanIssues(result.errors, shadow);
    const text = JSON.stringify(redacted);
    expect(text).not.toContain("hashhash");
    expect(text).not.toContain("daemon");
    expect(redacted[0]).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
    expect(redacted.every((issue) => issue.message.length > 0)).toBe(true);
  });

  it("keeps field paths of the plan but not keys taken from the file", () => {
    const secret = "OPENAI_API_KEY: sk-live\nname: x\ntracks:\n  - key: A\n    ram: lots\n    command: run\n";
    const result = validatePlan(secret, { fileName: "s.yaml", baseDir: "/tmp", effectiveTotalBytes: null });
    if (result.ok) throw new Error("expected errors");
    const redacted = redactPlanIssues(result.errors, secret);
    expect(JSON.stringify(redacted)).not.toContain("OPENAI");
    expect(redacted.map((issue) => issue.path)).toEqual(expect.arrayContaining(["…", "tracks[0].ram"]));
  });

  /** The messages of a plan file named by path, redacted. */
  const redactedMessages = (source: string) => {
    const result = validatePlan(source, { fileName: "p.yaml", baseDir: "/tmp", effectiveTotalBytes: null });
    return [...(result.ok ? [] : result.errors), ...result.warnings].map(
      (issue) => redactPlanIssues([issue], source)[0]!.message,
    );
  };

  it("keeps Paratrack's own words and examples, and the schema's values", () => {
    const messages = redactedMessages(
      "name: x\ntracks:\n  - key: A\n    ram: lots-of-7f3a\n    priority: urgent9c\n    command: run\n",
    );
    expect(messages).toContain('expected a size such as "8GB", "512MiB" or "800MB", got "…"');
    expect(messages).toContain('expected one of "critical", "standard", "low", got "…"');
    expect(messages.join("\n")).not.toMatch(/7f3a|9c/);
  });

  it("leaves out the file's values and keys also where a message repeats them unquoted", () => {
    const messages = redactedMessages(
      [
        "name: 123456",
        "tracks:",
        "  - key: Alpha",
        "    command: 424242",
        "    dependsOn: [Zeta]",
        "  - key: Beta",
        "    command: run",
      ].join("\n"),
    );
    const text = messages.join("\n");
    for (const secret of ["123456", "424242", "Alpha", "Beta", "Zeta"]) expect(text).not.toContain(secret);
    expect(messages).toContain(
      'expected the plan\'s name, got …; YAML reads it as a number: quote it to make it text, e.g. name: "…"',
    );
    expect(text).toContain("in dependsOn");
  });
});

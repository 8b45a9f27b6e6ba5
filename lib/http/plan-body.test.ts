// A plan named by path may be any file the server can read: its rejection names problems and lines, never its text.
import { describe, expect, it } from "vitest";
import { validatePlan } from "../domain/plan/plan-validate";
import { PlanRejectedError } from "../engine/errors";
import { redactRejection } from "./plan-body";

/** The answer to a plan file holding `source`, named by path. */
async function rejectionOf(source: string): Promise<string> {
  const result = validatePlan(source, {
    fileName: "/srv/secrets.yaml",
    baseDir: "/srv",
    effectiveTotalBytes: null,
  });
  if (result.ok) throw new Error("expected the plan to be rejected");
  const response = redactRejection(
    {
      source,
      fileName: "/srv/secrets.yaml",
      baseDir: "/srv",
      planPath: "/srv/secrets.yaml",
      budgetBytes: null,
    },
    { path: "/srv/secrets.yaml" },
    new PlanRejectedError(result.errors, result.warnings),
  );
  if (!response) throw new Error("expected a redacted answer");
  expect(response.status).toBe(400);
  return response.text();
}

describe("redactRejection", () => {
  it.each([
    ["an alias", "name: x\ntracks: *sk-live-SECRET1\n"],
    ["a block scalar header", "api_key: |sk-live-SECRET2\n  x\n"],
    ["a tag", "name: !sk-live-SECRET3 x\n"],
    ["a directive", "%sk-live-SECRET4 x\n---\nname: x\n"],
    ["a YAML version", "%YAML 9.SECRET5\n---\nname: x\n"],
    ["an escape", 'name: "abc\\USECRET6xyz"\n'],
  ])("does not echo %s that YAML's own message quotes", async (_what, source) => {
    const text = await rejectionOf(source);
    expect(text).not.toMatch(/SECRET/);
    // The problem is still told, where it is.
    expect(JSON.parse(text)).toMatchObject({
      details: { errors: expect.any(Array), warnings: expect.any(Array) },
    });
    const { details } = JSON.parse(text) as { details: { errors: unknown[]; warnings: unknown[] } };
    expect(details.errors.length + details.warnings.length).toBeGreaterThan(0);
  });

  it.each([
    ["a track line without its dash", "name: x\ntracks:\n  key: sk-live-SECRETA1\n  command: run\n"],
    [
      "a block scalar",
      "name: x\ntracks:\n  - key: a\n    command: run\n    priority: |\n      SECRETB2LINE\n",
    ],
    [
      "a folded value",
      'name: x\ntracks:\n  - key: a\n    command: run\n    priority: "hunter2 SECRETC3\n      is my password"\n',
    ],
    [
      "an escaped value",
      'name: x\ntracks:\n  - key: a\n    command: run\n    priority: "s\\x33cr\\x33t-SECRETD4"\n',
    ],
    [
      "a value built into an example",
      "name: x\ntracks:\n  - key: a\n    command: run\n    ram: 98765432\n    duration: 98765-12345h\n",
    ],
    ["punctuation", 'name: x\ntracks:\n  - key: a\n    command: run\n    priority: "#$%^&*!@"\n'],
    [
      "words and a URL",
      "name: x\nram: correct horse SECRETE5 staple\nnotify: { webhook: 7 }\ntracks:\n  - key: a\n    command: run\n    dependsOn: B, s3cr3tSECRETF6\n    workdir: 12\n    test: { url: https://SECRETG7.example/x }\n",
    ],
    ["a word of YAML's own message", "mode: Unknown\n%SECRETH8DIRECTIVE x\n---\nname: x\n"],
  ])("does not echo %s in another form", async (_what, source) => {
    const text = await rejectionOf(source);
    expect(text).not.toMatch(/SECRET|98765|hunter2|#\$%\^|s3cr3t/);
    const { details } = JSON.parse(text) as { details: { errors: unknown[]; warnings: unknown[] } };
    expect(details.errors.length + details.warnings.length).toBeGreaterThan(0);
  });

  it("leaves a plan sent as text to its sender as it is", () => {
    const input = {
      source: "name: !x y",
      fileName: "plan.yaml",
      baseDir: "/",
      planPath: null,
      budgetBytes: null,
    };
    expect(redactRejection(input, { plan: "name: !x y" }, new PlanRejectedError([], []))).toBeNull();
  });
});

// The CLI's top level: its version, as the server's health answer gives it.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, it } from "vitest";
import { VERSION } from "../lib/version";

it("paratrack --version prints the version and exits 0", () => {
  const out = execFileSync(process.execPath, ["--import", "tsx", "bin/paratrack.ts", "--version"], {
    cwd: path.resolve(__dirname, ".."),
    encoding: "utf8",
  });
  expect(out).toBe(`${VERSION}\n`);
});

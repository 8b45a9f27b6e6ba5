// Reading plan files from disk for the server, the CLI and POST /api/runs.
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { EngineError } from "./errors";
import type { StartRunInput } from "./run-controller";

export const DEMO_PLAN_PATH = path.resolve(__dirname, "../../demo/demo-plan.yaml");
/** The demo's workdir (see demo/demo-plan.yaml), created before it starts. */
export const DEMO_WORKSPACE = path.resolve(__dirname, "../../data/demo-workspace");

export class PlanFileError extends EngineError {
  constructor(message: string) {
    super(message, 400);
  }
}

export function readPlanFile(filePath: string): StartRunInput {
  const absolute = path.resolve(filePath);
  let source: string;
  try {
    source = readFileSync(absolute, "utf8");
  } catch (error) {
    throw new PlanFileError(
      `cannot read plan file ${filePath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  return { source, fileName: filePath, baseDir: path.dirname(absolute), planPath: absolute };
}

export function readDemoPlan(): StartRunInput {
  mkdirSync(DEMO_WORKSPACE, { recursive: true });
  return { ...readPlanFile(DEMO_PLAN_PATH), fileName: "demo/demo-plan.yaml" };
}

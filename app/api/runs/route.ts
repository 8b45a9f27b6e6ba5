// GET: runs, newest first. POST: start a run from a plan file path or a plan body (YAML text).
import path from "node:path";
import { z } from "zod";
import { listRuns } from "@/lib/db/runs";
import { parseSize, SIZE_FORM } from "@/lib/domain/units";
import { readPlanFile } from "@/lib/engine/plan-files";
import { toErrorResponse } from "@/lib/http/errors";
import { authorize, jsonError, readBody, requireEngine } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

const startRunBody = z
  .object({
    path: z.string().min(1).optional(),
    plan: z.string().min(1).optional(),
    budget: z.string().optional(),
  })
  .strict()
  .refine((b) => (b.path === undefined) !== (b.plan === undefined), {
    message: 'give either "path" (a plan file on the server) or "plan" (the plan\'s YAML text)',
  });

export async function GET() {
  const engine = requireEngine();
  if (engine instanceof Response) return engine;
  return Response.json(await listRuns(engine.db));
}

export async function POST(request: Request) {
  const engine = requireEngine();
  if (engine instanceof Response) return engine;
  const denied = authorize(engine, request);
  if (denied) return denied;
  const parsed = await readBody(request, startRunBody);
  if (!parsed.ok) return parsed.response;
  let budgetBytes: number | null = null;
  if (parsed.data.budget !== undefined) {
    budgetBytes = parseSize(parsed.data.budget);
    if (budgetBytes === null || budgetBytes <= 0) return jsonError(400, `budget must be ${SIZE_FORM}`);
  }
  try {
    const input = parsed.data.path
      ? readPlanFile(parsed.data.path)
      : {
          source: parsed.data.plan!,
          fileName: "plan.yaml",
          // A plan sent as text resolves relative workdirs against the server's working directory.
          baseDir: path.resolve(/*turbopackIgnore: true*/ process.cwd()),
          planPath: null,
        };
    const started = await engine.runs.startRun({ ...input, budgetBytes });
    return Response.json(started, { status: 201 });
  } catch (error) {
    return toErrorResponse(error);
  }
}

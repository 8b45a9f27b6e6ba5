// GET: what the governor is doing. POST { enabled }: manual mode off/on.
import { z } from "zod";
import { authorize, jsonError, readJson, requireEngine } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function GET() {
  const engine = requireEngine();
  if (engine instanceof Response) return engine;
  return Response.json(engine.runs.governorView());
}

export async function POST(request: Request) {
  const engine = requireEngine();
  if (engine instanceof Response) return engine;
  const denied = authorize(engine, request);
  if (denied) return denied;
  const body = await readJson(request);
  if (!body.ok) return body.response;
  const parsed = z.object({ enabled: z.boolean() }).strict().safeParse(body.body);
  if (!parsed.success) return jsonError(400, 'the body must be { "enabled": true | false }');
  await engine.runs.setGovernorEnabled(parsed.data.enabled, "lead");
  return Response.json(engine.runs.governorView());
}

import { jsonError, requireEngine } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export async function GET() {
  const engine = requireEngine();
  if (engine instanceof Response) return engine;
  const sample = await engine.latestSample();
  return sample ? Response.json(sample) : jsonError(503, "no memory sample yet");
}

import { requireEngine } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function GET() {
  const engine = requireEngine();
  if (engine instanceof Response) return engine;
  return Response.json(engine.health());
}

// GET /metrics: Prometheus text exposition of the engine's metrics (lib/metrics).
import { prometheusMetrics } from "@/lib/contracts/metrics";
import { handle } from "@/lib/http/handle";

export const dynamic = "force-dynamic";

export const GET = handle(prometheusMetrics, async ({ engine }) => {
  const { contentType, body } = await engine.metrics.render();
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
});

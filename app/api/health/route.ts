// GET /api/health: the server answers (HTTP 200 while it runs, so a liveness probe never restarts an engine whose
// governor still protects its machine) and says whether its database does: `ok: false, database: "unavailable"`
// while writes wait for it or it does not answer a query within 2 s (asked at most once a second).
import { health } from "@/lib/contracts/health";
import { handle } from "@/lib/http/handle";

export const dynamic = "force-dynamic";

export const GET = handle(health, async ({ engine }) => {
  const database = await engine.database.check();
  return { ...engine.health(), ok: database === "available", database };
});

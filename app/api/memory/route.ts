import { latestMemory } from "@/lib/contracts/memory";
import { handle } from "@/lib/http/handle";
import { jsonError } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export const GET = handle(
  latestMemory,
  async ({ engine }) => (await engine.latestSample()) ?? jsonError(503, "no memory sample yet"),
);

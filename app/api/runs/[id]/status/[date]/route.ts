// GET /api/runs/:id/status/:date: one day's daily statuses as one YAML file (a document per track), to download.

import { runSelector } from "@/lib/contracts/common";
import { statusDayYaml } from "@/lib/contracts/coordination";
import { handle } from "@/lib/http/handle";

export const dynamic = "force-dynamic";

export const GET = handle(statusDayYaml, async ({ engine, params }) => {
  const { fileName, yaml } = await engine.coordination.statusDayYaml(runSelector(params.id), params.date);
  return new Response(yaml, {
    headers: {
      "content-type": "application/yaml; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "no-store",
    },
  });
});

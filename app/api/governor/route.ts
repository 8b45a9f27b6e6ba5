// GET: what the governor is doing. POST { enabled }: manual mode off/on.
import { getGovernor, setGovernor } from "@/lib/contracts/governor";
import { handle } from "@/lib/http/handle";

export const dynamic = "force-dynamic";

export const GET = handle(getGovernor, ({ engine }) => engine.runs.governorView());

export const POST = handle(setGovernor, async ({ engine, body }) => {
  await engine.runs.setGovernorEnabled(body.enabled, "lead");
  return engine.runs.governorView();
});

// POST { plan | path, budget? }: the pre-flight checks of a plan without starting it (programs, workdirs,
// environment, local models, memory, git), as the start panel shows them.
import { preflight } from "@/lib/contracts/plan";
import { handle } from "@/lib/http/handle";
import { planInputOf, redactRejection } from "@/lib/http/plan-body";

export const dynamic = "force-dynamic";

export const POST = handle(preflight, async ({ engine, body }) => {
  const input = planInputOf(engine, body);
  if (input instanceof Response) return input;
  try {
    return await engine.runs.preflight(input);
  } catch (error) {
    const redacted = redactRejection(input, body, error);
    if (redacted) return redacted;
    throw error;
  }
});

// The stored plan of a run, rewritten when the lead changes a scope contract while it runs (a conflict's ruling).
import type { Plan } from "../domain/types";
import type { PrismaClient } from "./generated/client";

export async function saveRunPlan(db: PrismaClient, runId: string, plan: Plan): Promise<void> {
  await db.run.update({ where: { id: runId }, data: { planJson: JSON.stringify(plan) } });
}

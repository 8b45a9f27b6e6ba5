// `paratrack schema`: the plan file's JSON Schema, for editors (docs/plan.schema.json is this output).
import { writeFileSync } from "node:fs";
import { Command } from "commander";
import { planJsonSchema } from "../../lib/domain/plan/plan-schema";

export function createSchemaCommand(): Command {
  return new Command("schema")
    .description("print the JSON Schema of plan files (draft 2020-12)")
    .option("-o, --output <file>", "write it to this file instead of stdout")
    .action((options: { output?: string }) => {
      const text = formatPlanJsonSchema();
      if (options.output === undefined) process.stdout.write(text);
      else writeFileSync(options.output, text);
    });
}

/** The schema as committed in docs/plan.schema.json: two-space JSON with a final newline. */
export function formatPlanJsonSchema(): string {
  return `${JSON.stringify(planJsonSchema(), null, 2)}\n`;
}

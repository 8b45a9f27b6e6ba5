// Which field names the plan file allows at a data path, read from the schema itself, so "unknown field" errors can
// list them and suggest the one that was meant.
import { z } from "zod";
import { planFileSchema } from "./plan-schema";

/** Field names allowed at a path of the plan file, or [] when the path is not an object there (for "did you mean"). */
export function listKnownKeys(path: readonly PropertyKey[]): string[] {
  let schema: z.ZodType | undefined = planFileSchema;
  for (const segment of path) {
    schema = stepInto(schema, segment);
    if (!schema) return [];
  }
  const object = unwrapToObject(schema);
  return object ? Object.keys(object.shape) : [];
}

/** Whether the plan file takes a list at a path, e.g. tracks or a track's agents (not a mapping of named entries). */
export function expectsListAt(path: readonly PropertyKey[]): boolean {
  let schema: z.ZodType | undefined = planFileSchema;
  for (const segment of path) {
    schema = stepInto(schema, segment);
    if (!schema) return false;
  }
  return unwrap(schema) instanceof z.ZodArray;
}

function stepInto(schema: z.ZodType | undefined, segment: PropertyKey): z.ZodType | undefined {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodArray && typeof segment === "number") return inner.element as z.ZodType;
  if (inner instanceof z.ZodRecord) return inner.valueType as z.ZodType;
  const object = unwrapToObject(inner);
  if (object && typeof segment === "string") return object.shape[segment] as z.ZodType | undefined;
  return undefined;
}

function unwrapToObject(schema: z.ZodType | undefined): z.ZodObject | undefined {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject) return inner;
  if (inner instanceof z.ZodUnion) {
    for (const option of inner.options) {
      const object = unwrapToObject(option as z.ZodType);
      if (object) return object;
    }
  }
  return undefined;
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  for (;;) {
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable ||
      current instanceof z.ZodDefault
    ) {
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodPipe) {
      current = current.in as z.ZodType;
    } else {
      return current;
    }
  }
}

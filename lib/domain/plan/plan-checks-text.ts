// Text no process can take: a NUL character ends a C string, so a command, argument, path or environment value
// holding one cannot be passed to execve at all. Refused here, at its place in the file, not when a track starts.
import type { Finding } from "./plan-finding";

/** An error at every string value of the plan that holds a NUL character. */
export function checkNulCharacters(raw: unknown): Finding[] {
  const findings: Finding[] = [];
  // Iterative: the parser bounds the nesting, but a walk should not rely on it.
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: raw, path: [] }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { value, path } = item;
    if (typeof value === "string") {
      if (value.includes("\0")) findings.push({ path, message: NUL_MESSAGE, severity: "error" });
    } else if (Array.isArray(value)) {
      for (const [index, element] of value.entries()) stack.push({ value: element, path: [...path, index] });
    } else if (value !== null && typeof value === "object") {
      // Keys need no check here: the schema allows only known field names and environment variable names.
      for (const [key, element] of Object.entries(value))
        stack.push({ value: element, path: [...path, key] });
    }
  }
  return findings;
}

const NUL_MESSAGE =
  "holds a NUL character (byte 0), which no command, path or environment value can carry; remove it";

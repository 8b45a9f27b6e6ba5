// Text the plan must not hold, refused here at its place in the file, not when a track starts:
// - a NUL character ends a C string, so a command, argument, path or environment value holding one cannot be
//   passed to execve at all;
// - a bidirectional control character makes text display in another order than it is stored ("Trojan Source"): a
//   command that reads harmless can run something else, and a name reverses the dashboard's text around it.
import type { Finding } from "./plan-finding";

/** Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069); the marks LRM and RLM stay allowed. */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;

/** An error at every string value of the plan that holds a NUL or a bidirectional control character. */
export function checkNulCharacters(raw: unknown): Finding[] {
  const findings: Finding[] = [];
  // Iterative: the parser bounds the nesting, but a walk should not rely on it.
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: raw, path: [] }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { value, path } = item;
    if (typeof value === "string") {
      if (value.includes("\0")) findings.push({ path, message: NUL_MESSAGE, severity: "error" });
      const bidi = BIDI_CONTROL.exec(value);
      if (bidi) findings.push({ path, message: bidiMessage(bidi[0], bidi.index), severity: "error" });
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

function bidiMessage(character: string, index: number): string {
  const code = character.codePointAt(0)!.toString(16).toUpperCase();
  return (
    `holds a bidirectional control character (U+${code}) at character ${index + 1}, which shows text in another ` +
    "order than it is stored (what runs would not be what you read); remove it"
  );
}

const NUL_MESSAGE =
  "holds a NUL character (byte 0), which no command, path or environment value can carry; remove it";

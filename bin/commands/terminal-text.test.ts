import { expect, it } from "vitest";
import { terminalSafe } from "./terminal-text";

it("shows an agent's escape sequences instead of letting the terminal obey them", () => {
  const injected = "\u001b]0;PWNED\u0007\u001b[2Jcleared \u001b]52;c;ZWNobyBwd25lZA==\u0007";
  expect(terminalSafe(injected)).toBe("^[]0;PWNED^G^[[2Jcleared ^[]52;c;ZWNobyBwd25lZA==^G");
  expect(terminalSafe("a\u009b31mb\u007fc\rd")).toBe("a\\x9b31mb^?c^Md");
});

it("leaves ordinary text, tabs and non-Latin letters alone", () => {
  expect(terminalSafe("ok\tvalue é 日本 ✓")).toBe("ok\tvalue é 日本 ✓");
});

// Text from agents, shown in the lead's terminal: control characters are made visible so an agent's output (or
// what an AI agent echoes from a prompt) cannot clear the screen, retitle the window or write the clipboard (OSC 52).

/** `text` with every control character but tab shown as caret or \x notation: ESC is `^[`, CSI (U+009B) `\x9b`. */
export function terminalSafe(text: string): string {
  // C0 controls (but tab), DEL, and C1 controls, which some terminals also obey.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  return text.replace(/[\x00-\x08\x0a-\x1f\x7f-\x9f]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return `^${String.fromCharCode(code + 0x40)}`;
    if (code === 0x7f) return "^?";
    return `\\x${code.toString(16)}`;
  });
}

// Whether replacing an editor's text (Load a plan, Fill in a template) would lose the lead's own writing, and what
// the label beside a plan editor may claim about where its text came from.

/** True when the text is neither empty nor what was last loaded into the editor: replacing it needs a yes. */
export function hasOwnEdits(text: string, lastLoaded: string): boolean {
  return text.trim() !== "" && text !== lastLoaded;
}

/** Where the editor's text came from: the last thing loaded, and whether the lead pasted over all of it since. */
export type EditorSource = { label: string | null; loaded: string; pastedOver: boolean };

export const NO_SOURCE: EditorSource = { label: null, loaded: "", pastedOver: false };

export function loadedSource(label: string, text: string): EditorSource {
  return { label, loaded: text, pastedOver: false };
}

/** After a paste: one that replaced the whole text (or filled an empty editor) leaves nothing of the source. */
export function afterPaste(source: EditorSource, replacedAll: boolean): EditorSource {
  return replacedAll ? { ...source, pastedOver: true } : source;
}

/** The label: the source as loaded, "(edited)" once changed by hand, "pasted" once pasted over, none when empty. */
export function describeSource(source: EditorSource, text: string): string | null {
  if (text.trim() === "") return null;
  if (source.pastedOver) return "pasted";
  if (source.label === null) return null;
  return text === source.loaded ? source.label : `${source.label} (edited)`;
}

// The rules of `git check-ref-format --branch` (and git branch's own refusals of "-x" and "HEAD"), applied to a branch
// name a plan gives, so a name git would refuse is named when the plan is read, not when phase 5 starts. Pure: no git.

/** Why git would refuse `name` as a branch name, or null when it would accept it. */
export function describeBranchNameProblem(name: string): string | null {
  if (name === "") return "it is empty";
  if (name === "@") return 'it is "@", which git reads as HEAD';
  if (name === "HEAD") return '"HEAD" names the current commit, not a branch';
  if (name.startsWith("-")) return 'it starts with "-" (git would read it as an option)';
  const control = [...name].find((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);
  if (control !== undefined) return "it contains a control character";
  if (name.includes(" ")) return "it contains a space";
  const forbidden = [...name].find((char) => "~^:?*[\\".includes(char));
  if (forbidden !== undefined)
    return `it contains "${forbidden}" (git refuses ~ ^ : ? * [ and \\ in branch names)`;
  if (name.includes("..")) return 'it contains ".."';
  if (name.includes("@{")) return 'it contains "@{"';
  if (name.startsWith("/") || name.endsWith("/")) return 'it starts or ends with "/"';
  if (name.includes("//")) return 'it has an empty part between two "/"';
  if (name.endsWith(".")) return 'it ends with "."';
  for (const part of name.split("/")) {
    if (part.startsWith(".")) return `its part "${part}" starts with "."`;
    if (part.endsWith(".lock")) return `its part "${part}" ends with ".lock"`;
  }
  return null;
}

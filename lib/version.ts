// Paratrack's version, as package.json says (version.test.ts keeps the two equal): the health answer and
// `paratrack --version` give it. A constant, not a read of package.json: Next bundles route handlers elsewhere.
export const VERSION = "0.1.0";

// The text the API shows instead of a secret plan value (env values, notify.webhook), and what the validator says
// when a plan holds it: such a plan was loaded from a run's masked text, and starting it would hand the agents
// the mask instead of the secret.

/** Shown instead of a secret value of a plan. */
export const MASK = "••••••";

export const MASKED_VALUE_MESSAGE = `is "${MASK}", the mask the dashboard shows instead of a secret (plans loaded from a run have their env values and webhook masked): write the real value here`;

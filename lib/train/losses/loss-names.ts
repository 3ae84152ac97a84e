/** The losses a user picks by name (`--loss`); kept apart from the loss code so option schemas load without TensorFlow.js. */
export const LOSS_NAMES = ["infonce", "cosent", "triplet", "margin"] as const;
export type LossName = (typeof LOSS_NAMES)[number];

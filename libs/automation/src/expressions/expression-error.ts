/** A `${...}` expression that cannot be parsed, or fails while it runs. */
export class ExpressionError extends Error {}

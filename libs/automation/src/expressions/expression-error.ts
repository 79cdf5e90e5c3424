/** A `${...}` expression that cannot be parsed, or fails while it runs. */
export class ExpressionError extends Error {}

/**
 * Text that is not an expression at all (unbalanced brackets, a stray operator), as opposed to
 * one that parses but is refused (Python internals, too long). platypush keeps such text as it
 * is, so config files may too (with a warning); the refused kinds stay errors everywhere.
 */
export class ExpressionSyntaxError extends ExpressionError {}

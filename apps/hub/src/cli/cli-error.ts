/** Exit codes: 1 for a failed command, 2 for a configuration that does not validate (as the hub). */
export const EXIT_FAILED = 1;
export const EXIT_CONFIG = 2;

/** A failure the CLI reports as one line on stderr, without a stack. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = EXIT_FAILED,
  ) {
    super(message);
  }
}

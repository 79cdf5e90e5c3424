/**
 * Runs async sections one at a time in this process: "is this the first user?" then "insert"
 * must not interleave with another registration.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(section: () => Promise<T>): Promise<T> {
    const result = this.tail.then(section, section);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

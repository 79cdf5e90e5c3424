/** The newest `capacity` bytes of a stream, with the byte offset of the first byte kept. */
export class OutputBuffer {
  private chunks: Buffer[] = [];
  private kept = 0;
  /** Bytes ever written. */
  total = 0;

  constructor(private readonly capacity: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.kept += chunk.length;
    this.total += chunk.length;
    while (this.kept > this.capacity && this.chunks.length > 0) {
      const excess = this.kept - this.capacity;
      const head = this.chunks[0];
      if (head.length <= excess) {
        this.chunks.shift();
        this.kept -= head.length;
      } else {
        this.chunks[0] = head.subarray(excess);
        this.kept -= excess;
      }
    }
  }

  /** What is kept, and the stream offset of its first byte. */
  read(): { data: Buffer; offset: number } {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)];
    return { data: this.chunks[0] ?? Buffer.alloc(0), offset: this.total - this.kept };
  }
}

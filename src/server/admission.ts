/**
 * Bounded concurrency: at most `capacity` requests are inside the server at
 * once (running on a checker thread, fetching a URL, or waiting their turn).
 * The rest are turned away at the door with 503 and Retry-After, before their
 * body is read, so an overload costs neither memory nor a growing queue.
 */
export class Admission {
  readonly capacity: number;
  private inside = 0;

  constructor(capacity: number) {
    this.capacity = Math.max(1, Math.floor(capacity));
  }

  get busy(): number {
    return this.inside;
  }

  /** Takes a place; false when full. Each successful `enter` is paired with one `leave`. */
  enter(): boolean {
    if (this.inside >= this.capacity) return false;
    this.inside++;
    return true;
  }

  leave(): void {
    if (this.inside > 0) this.inside--;
  }
}

/**
 * Bounded concurrency: at most `capacity` requests hold a slot at once
 * (running on a checker thread, fetching a URL, or waiting their turn). A
 * slot is taken once the request's body is read and valid, and given back
 * when its work ends, however it ends (answer, error, timeout, client gone);
 * the rest are turned away with 503 and Retry-After. Bodies still arriving
 * hold no slot: their cost is bounded by the body limit, the body timeout
 * and the connections allowed per client address.
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

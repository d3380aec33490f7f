/**
 * The progress bar of batch commands (`scan`, `index add`), drawn by
 * cli-progress on standard error: documents, documents/s, MB/s, and the
 * share and ETA when the input's size is known. Off when standard error is
 * not a terminal, so piped and logged runs stay quiet.
 */
import cliProgress from 'cli-progress';

export interface ProgressOptions {
  stream: NodeJS.WritableStream & { isTTY?: boolean };
  /** Total input bytes, 0 when unknown (standard input). */
  totalBytes: number;
  enabled: boolean;
}

const MB = 1024 * 1024;

export class Progress {
  private readonly bar: cliProgress.SingleBar | null;
  private readonly started = performance.now();
  private bytes = 0;
  private docs = 0;
  private last = 0;

  constructor(private readonly options: ProgressOptions) {
    if (!options.enabled) {
      this.bar = null;
      return;
    }
    const known = options.totalBytes > 0;
    this.bar = new cliProgress.SingleBar(
      {
        stream: options.stream,
        format: known
          ? '{bar} {percentage}% | {docs} documents | {docsRate} docs/s | {mbRate} MB/s | ETA {eta_formatted}'
          : '{docs} documents | {docsRate} docs/s | {mbRate} MB/s | {mb} MB read',
        hideCursor: false,
        clearOnComplete: true,
        barsize: 24,
        fps: 5,
        etaBuffer: 50,
        // Drawn only on a terminal: cli-progress would otherwise print nothing useful to a pipe anyway.
        noTTYOutput: false,
      },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(known ? options.totalBytes : 1, 0, this.payload());
  }

  /** Input consumed grew by `n` bytes. */
  advance(n: number): void {
    this.bytes += n;
    this.update();
  }

  /** One more document done. */
  document(): void {
    this.docs++;
    this.update();
  }

  private payload(): Record<string, string> {
    const seconds = Math.max((performance.now() - this.started) / 1000, 1e-3);
    return {
      docs: this.docs.toLocaleString('en'),
      docsRate: Math.round(this.docs / seconds).toLocaleString('en'),
      mbRate: (this.bytes / MB / seconds).toFixed(1),
      mb: (this.bytes / MB).toFixed(1),
    };
  }

  private update(): void {
    if (!this.bar) return;
    const now = performance.now();
    if (now - this.last < 100) return;
    this.last = now;
    const value = this.options.totalBytes > 0 ? Math.min(this.bytes, this.options.totalBytes) : 0;
    this.bar.update(value, this.payload());
  }

  /** Removes the bar (before the summary line is printed). */
  stop(): void {
    this.bar?.stop();
  }
}

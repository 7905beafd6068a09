import { formatBytes } from './sizes.js';

interface TtyLike {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** One self-overwriting status line on a terminal; silent otherwise (logs and pipes stay clean). */
export class Progress {
  private bytes = 0;
  private files = 0;
  private lastDraw = 0;
  private readonly started = Date.now();
  private readonly enabled: boolean;

  constructor(
    private readonly out: TtyLike,
    private readonly label: string,
    private readonly expectedBytes?: number,
    quiet = false,
  ) {
    this.enabled = out.isTTY === true && !quiet;
  }

  add(bytes: number, files = 0): void {
    this.bytes += bytes;
    this.files += files;
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.lastDraw < 250) return;
    this.lastDraw = now;
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const rate = this.bytes / seconds;
    let eta = '';
    if (this.expectedBytes && rate > 0 && this.expectedBytes > this.bytes) {
      eta = ` ETA ${Math.ceil((this.expectedBytes - this.bytes) / rate)}s`;
    }
    this.out.write(
      `\r${this.label}: ${formatBytes(this.bytes)}, ${this.files} files, ${formatBytes(rate)}/s${eta}\x1b[K`,
    );
  }

  done(): void {
    if (this.enabled && this.lastDraw > 0) this.out.write('\r\x1b[K');
  }
}

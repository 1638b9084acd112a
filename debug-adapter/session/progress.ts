// DAP progress events while a large recording is indexed, only for clients that said
// `supportsProgressReporting`. One progress at a time; updates are thinned to whole percents.
import type { SessionContext } from './context';

export class ProgressReporter {
  private progressId: string | undefined;
  private lastPercent = -1;
  private static nextId = 1;

  constructor(private readonly context: SessionContext) {}

  report(fraction: number, message: string): void {
    if (!this.context.client.supportsProgressReporting) return;
    const percent = Math.max(0, Math.min(100, Math.floor(fraction * 100)));
    if (this.progressId === undefined) {
      if (fraction >= 1) return; // finished before it started: nothing worth showing
      this.progressId = `rewind-index-${ProgressReporter.nextId++}`;
      this.context.event('progressStart', { progressId: this.progressId, title: 'Indexing recording', message, percentage: percent, cancellable: false });
    } else if (percent !== this.lastPercent && fraction < 1) {
      this.context.event('progressUpdate', { progressId: this.progressId, message, percentage: percent });
    }
    this.lastPercent = percent;
    if (fraction >= 1) {
      this.context.event('progressEnd', { progressId: this.progressId, message });
      this.progressId = undefined;
      this.lastPercent = -1;
    }
  }
}

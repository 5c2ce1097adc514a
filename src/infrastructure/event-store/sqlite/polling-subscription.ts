import { RecordedEvent, SubscribeOptions, Subscription } from '../../../shared/application/event-store.port';

export interface PollingSettings {
  /** How long to sleep at the head before looking again (appends by other processes). */
  readonly pollIntervalMs: number;
  readonly pageSize: number;
}

/** Reads events strictly after `after`, ascending, at most `maxCount`. */
export type ReadPage = (after: number | undefined, maxCount: number) => RecordedEvent[];

/**
 * Catch-up subscription over a log whose positions become visible in order (SQLite serializes
 * writers, so `position > checkpoint` never skips a later-committed lower position).
 * Appends made through the same store call `wake()`, so local events are delivered at once;
 * appends from other processes are found by polling.
 */
export class PollingSubscription implements Subscription {
  private stopped = false;
  private wakePending = false;
  private interruptSleep: (() => void) | undefined;
  private readonly done: Promise<void>;

  constructor(
    private readonly readPage: ReadPage,
    private readonly options: SubscribeOptions,
    private readonly settings: PollingSettings,
    private readonly onEnded: (subscription: PollingSubscription) => void,
  ) {
    this.done = this.run();
  }

  wake(): void {
    this.wakePending = true;
    this.interruptSleep?.();
  }

  stop(): Promise<void> {
    this.stopped = true;
    this.interruptSleep?.();
    return this.done;
  }

  private async run(): Promise<void> {
    // Never call the handler before subscribeToAll has returned the subscription to its caller.
    await Promise.resolve();
    let checkpoint = this.options.after;
    let deliveredSinceCaughtUp = true;
    try {
      while (!this.stopped) {
        this.wakePending = false;
        const page = this.readPage(checkpoint, this.settings.pageSize);
        for (const event of page) {
          if (this.stopped) return;
          await this.options.handler(event);
          checkpoint = event.position;
          deliveredSinceCaughtUp = true;
        }
        if (page.length === this.settings.pageSize) continue;
        if (deliveredSinceCaughtUp && !this.stopped) {
          deliveredSinceCaughtUp = false;
          this.options.onCaughtUp?.(checkpoint);
        }
        await this.sleep();
      }
    } catch (error) {
      this.stopped = true;
      // Without onError the failure surfaces as an unhandled rejection (and from stop()) rather
      // than leaving a projection silently stalled.
      if (!this.options.onError) throw error;
      this.options.onError(error);
    } finally {
      this.onEnded(this);
    }
  }

  private sleep(): Promise<void> {
    if (this.wakePending || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.interruptSleep = undefined;
        resolve();
      };
      const timer = setTimeout(finish, this.settings.pollIntervalMs);
      this.interruptSleep = finish;
    });
  }
}

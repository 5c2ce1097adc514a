import { AllStreamResolvedEvent, AllStreamSubscription } from '@kurrent/kurrentdb-client';
import { SubscribeOptions, Subscription } from '../../../shared/application/event-store.port';
import { isSystemEvent, toRecordedEvent } from './kurrentdb-mapping';

/**
 * Drives the client's catch-up subscription (a Readable) with `for await`, so the handler sees
 * one event at a time and backpressure reaches the server.
 */
export class KurrentDbSubscription implements Subscription {
  private stopped = false;
  private handling = false;
  private caughtUpPending = false;
  private checkpoint: number | undefined;
  private readonly done: Promise<void>;

  constructor(
    private readonly source: AllStreamSubscription,
    private readonly options: SubscribeOptions,
    private readonly onEnded: (subscription: KurrentDbSubscription) => void,
  ) {
    this.checkpoint = options.after;
    // The server announces "caught up" as soon as it has sent the history, which may still sit
    // unhandled in the stream's buffer: report it only once that buffer has been drained.
    source.on('caughtUp', () => {
      this.caughtUpPending = true;
      if (!this.handling) this.reportCaughtUpIfDrained();
    });
    this.done = this.run();
  }

  async stop(): Promise<void> {
    if (!this.stopped) {
      this.stopped = true;
      await this.source.unsubscribe();
      // Cancelling the gRPC call does not end the piped Readable; destroying it ends the loop.
      this.source.destroy();
    }
    return this.done;
  }

  private async run(): Promise<void> {
    try {
      for await (const resolved of this.source as AsyncIterable<AllStreamResolvedEvent>) {
        if (this.stopped) break;
        await this.deliver(resolved);
      }
    } catch (error) {
      if (this.stopped) return;
      this.stopped = true;
      await this.source.unsubscribe().catch(() => undefined);
      this.source.destroy();
      // Without onError the failure surfaces as an unhandled rejection (and from stop()) rather
      // than leaving a projection silently stalled.
      if (!this.options.onError) throw error;
      this.options.onError(error);
    } finally {
      this.onEnded(this);
    }
  }

  private async deliver(resolved: AllStreamResolvedEvent): Promise<void> {
    const event = resolved.event;
    // A resumed subscription may replay the checkpoint itself; the port promises "strictly after".
    if (event && !isSystemEvent(event) && !this.isAtOrBeforeCheckpoint(event.position?.commit)) {
      this.handling = true;
      try {
        const recorded = toRecordedEvent(event);
        await this.options.handler(recorded);
        this.checkpoint = recorded.position;
      } finally {
        this.handling = false;
      }
    }
    this.reportCaughtUpIfDrained();
  }

  private isAtOrBeforeCheckpoint(commit: bigint | undefined): boolean {
    return this.checkpoint !== undefined && commit !== undefined && Number(commit) <= this.checkpoint;
  }

  private reportCaughtUpIfDrained(): void {
    if (!this.caughtUpPending || this.stopped || this.source.readableLength > 0) return;
    this.caughtUpPending = false;
    this.options.onCaughtUp?.(this.checkpoint);
  }
}

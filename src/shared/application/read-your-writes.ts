import { Inject, Injectable, Logger } from '@nestjs/common';
import { READ_MODELS, ReadModels } from './read-models.port';

/**
 * Lets a command answer only once the read models show its own events, so the same client's
 * next list reflects the change. The write has happened either way: if the projections are
 * late (the wait is bounded), the command still succeeds and a warning is logged, because a
 * failed answer would invite a retry that writes twice.
 */
@Injectable()
export class ReadYourWrites {
  private readonly logger = new Logger(ReadYourWrites.name);

  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  async after(position: number | undefined): Promise<void> {
    if (position === undefined) return;
    try {
      await this.readModels.waitForPosition(position);
    } catch (error) {
      this.logger.warn(`Answering before the read models caught up: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/**
 * One run of one service instance: `instanceId` is stable across restarts of the same instance
 * (INSTANCE_ID, default `<hostname>:<port>`) and held by at most one live process at a time;
 * `runId` is new at every start. A registration records the run that opened it, so that the
 * next run of the same instance knows that registration cannot still be in progress.
 */
export interface ServiceRun {
  readonly instanceId: string;
  readonly runId: string;
}

import Database from 'better-sqlite3';
import { AppendResult, ExpectedRevision, WrongExpectedRevisionError } from '../../../shared/application/event-store.port';
import { WriteRequest } from './sqlite-write-group';

/** What the writer thread is started with. */
export interface WriterData {
  readonly file: string;
  readonly busyTimeoutMs: number;
}

/**
 * Main thread → writer thread. A request travels as JSON text: it is stored as JSON anyway (the
 * chain hashes the JSON form), and text is cheaper to copy between threads than an object graph.
 */
export type ToWriter = { readonly id: number; readonly json: string } | { readonly close: true };

/** Writer thread → main thread. */
export type FromWriter =
  | { readonly ready: { readonly synchronous: number; readonly busyTimeoutMs: number } }
  | { readonly group: readonly Answer[] };

export type Answer =
  | { readonly id: number; readonly result: AppendResult | undefined }
  | { readonly id: number; readonly failure: Failure };

/** An error as it crosses the thread boundary: enough to rebuild it with the same class and fields. */
export type Failure =
  | {
      readonly kind: 'wrong-revision';
      readonly streamName: string;
      readonly expected: ExpectedRevision;
      readonly actual: number | 'no_stream';
    }
  | { readonly kind: 'sqlite'; readonly message: string; readonly code: string }
  | { readonly kind: 'error'; readonly name: string; readonly message: string };

export function encodeRequest(request: WriteRequest): string {
  return JSON.stringify(request);
}

export function decodeRequest(json: string): WriteRequest {
  return JSON.parse(json) as WriteRequest;
}

export function toFailure(error: unknown): Failure {
  if (error instanceof WrongExpectedRevisionError) {
    return { kind: 'wrong-revision', streamName: error.streamName, expected: error.expected, actual: error.actual };
  }
  if (error instanceof Database.SqliteError) return { kind: 'sqlite', message: error.message, code: error.code };
  if (error instanceof Error) return { kind: 'error', name: error.name, message: error.message };
  return { kind: 'error', name: 'Error', message: String(error) };
}

/** Callers tell errors apart by class and fields (handlers retry on WrongExpectedRevisionError, isBusy reads `code`). */
export function fromFailure(failure: Failure): Error {
  switch (failure.kind) {
    case 'wrong-revision':
      return new WrongExpectedRevisionError(failure.streamName, failure.expected, failure.actual);
    case 'sqlite':
      return new Database.SqliteError(failure.message, failure.code);
    case 'error': {
      const error = new Error(failure.message);
      error.name = failure.name;
      return error;
    }
  }
}

/**
 * Plain, typed domain events. Type names are explicit, past tense and stable: auditors rely
 * on them (docs/rules.md, audited events), so they are never derived from class names.
 */
export interface DomainEvent<Type extends string = string, Data extends object = object> {
  readonly type: Type;
  readonly data: Data;
}

/** Who caused a change (docs/rules.md, event metadata). */
export type Actor =
  | { readonly type: 'operator' }
  | { readonly type: 'msp_admin'; readonly id: string }
  | { readonly type: 'new_user'; readonly id: string }
  | { readonly type: 'user'; readonly id: string }
  | { readonly type: 'system' };

/** Metadata carried by every stored event (the envelope; docs/events.md). */
export interface EventMetadata {
  readonly actor: Actor;
  /** ISO-8601 instant the change was decided. */
  readonly at: string;
  readonly correlationId: string;
  readonly causationId?: string;
  /**
   * Version of the event type's payload shape (docs/events/<Type>.v<N>.schema.json). Always
   * written; absent on events stored before versions were recorded, which read as 1
   * (storedSchemaVersion in shared/application/event-schema-versions.ts).
   */
  readonly schemaVersion?: number;
  /**
   * The audit chain (shared/domain/audit-chain.ts): the hash of this event and of the previous
   * event of its stream, added by the event store on append. Absent on events stored before.
   */
  readonly integrity?: { readonly prev: string | null; readonly hash: string };
}

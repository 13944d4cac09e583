/** A JSON Schema (draft 2020-12) as plain data, so the domain stays free of any validator library. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** The schema of one version of one event type's `data`. */
export interface EventSchema {
  type: string;
  version: number;
  schema: JsonSchema;
}

/** Turns the `data` of version `fromVersion` into that of `fromVersion + 1`; old events are upcast on read. */
export interface EventUpcaster {
  type: string;
  fromVersion: number;
  upcast(data: Record<string, unknown>): Record<string, unknown>;
}

/** Schema helpers for the recurring shapes, so every aggregate writes them the same way. */
export const schemaParts = {
  id: { type: 'string', minLength: 1, maxLength: 100 },
  text: (maxLength = 2000) => ({ type: 'string', maxLength }),
  name: { type: 'string', minLength: 1, maxLength: 200 },
  instant: { type: 'string', format: 'date-time' },
  date: { type: 'string', format: 'date' },
  money: {
    type: 'object',
    additionalProperties: false,
    required: ['amount', 'currency'],
    properties: {
      amount: { type: 'integer', minimum: 0 },
      currency: { type: 'string', pattern: '^[A-Z]{3}$' },
    },
  },
  enumOf: (values: readonly string[]) => ({ type: 'string', enum: [...values] }),
  nullable: (schema: JsonSchema) => ({ anyOf: [schema, { type: 'null' }] }),
  /** An object whose every listed property is required and nothing else is allowed. */
  object: (properties: Record<string, JsonSchema>, optional: string[] = []) => ({
    type: 'object',
    additionalProperties: false,
    required: Object.keys(properties).filter((key) => !optional.includes(key)),
    properties,
  }),
} as const;

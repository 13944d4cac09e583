import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { EventSchema, EventUpcaster } from '../domain/shared/index.js';

/** An event whose data does not match its type's schema, or whose type or version is unknown. */
export class EventSchemaError extends Error {
  readonly code = 'EVENT_SCHEMA_INVALID';
  constructor(
    readonly eventType: string,
    readonly version: number,
    readonly problems: string[],
  ) {
    super(`${eventType} v${version}: ${problems.join('; ')}`);
    this.name = 'EventSchemaError';
  }
}

/** Every event type's schemas and upcasters, compiled once. */
export interface SchemaRegistry {
  /** The version new events of `type` are written in; undefined for an unknown type. */
  latestVersion(type: string): number | undefined;
  /** Throws `EventSchemaError` unless `data` is valid for that type and version. */
  validate(type: string, version: number, data: unknown): void;
  /** Validates stored data at its version, then upcasts it step by step to the latest version. */
  upcast(
    type: string,
    version: number,
    data: Record<string, unknown>,
  ): { version: number; data: Record<string, unknown> };
}

const describe = (errors: ErrorObject[] | null | undefined): string[] =>
  (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);

export const createSchemaRegistry = (definitions: {
  schemas: EventSchema[];
  upcasters?: EventUpcaster[];
}): SchemaRegistry => {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats.default(ajv, ['date', 'date-time', 'email', 'uuid']);
  const validators = new Map<string, ValidateFunction>();
  const latest = new Map<string, number>();
  const upcasters = new Map<string, EventUpcaster>();
  const key = (type: string, version: number) => `${type}@${version}`;

  for (const { type, version, schema } of definitions.schemas) {
    if (validators.has(key(type, version))) throw new Error(`Schema ${type} v${version} is defined twice`);
    validators.set(key(type, version), ajv.compile(schema));
    latest.set(type, Math.max(latest.get(type) ?? 0, version));
  }
  for (const upcaster of definitions.upcasters ?? []) {
    const from = key(upcaster.type, upcaster.fromVersion);
    if (!validators.has(from) || !validators.has(key(upcaster.type, upcaster.fromVersion + 1))) {
      throw new Error(`Upcaster of ${upcaster.type} v${upcaster.fromVersion} has no schema on one side`);
    }
    upcasters.set(from, upcaster);
  }
  for (const [type, version] of latest) {
    for (let v = 1; v < version; v += 1) {
      if (validators.has(key(type, v)) && !upcasters.has(key(type, v))) {
        throw new Error(`${type} v${v} is stored in an old version but has no upcaster to v${v + 1}`);
      }
    }
  }

  const validate = (type: string, version: number, data: unknown) => {
    const validator = validators.get(key(type, version));
    if (!validator) throw new EventSchemaError(type, version, ['no schema for this event type and version']);
    if (!validator(data)) throw new EventSchemaError(type, version, describe(validator.errors));
  };

  return {
    latestVersion: (type) => latest.get(type),
    validate,
    upcast(type, version, data) {
      validate(type, version, data);
      let current = { version, data };
      for (
        let upcaster = upcasters.get(key(type, version));
        upcaster;
        upcaster = upcasters.get(key(type, current.version))
      ) {
        current = { version: current.version + 1, data: upcaster.upcast(current.data) };
        validate(type, current.version, current.data);
      }
      return current;
    },
  };
};

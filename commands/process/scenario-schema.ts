import { z } from 'zod';
import {
  effectTypes,
  parameterTypes,
  planItemKinds,
  type Scenario,
  scenarioKinds,
} from '../../domain/process/index.js';

const key = z.string().trim().min(1).max(100);
const title = z.strictObject({
  pl: z.string().trim().min(1).max(200),
  en: z.string().trim().min(1).max(200),
});
const valueRef = z.union([
  z.strictObject({ param: key }),
  z.strictObject({ value: z.string().min(1).max(200) }),
  z.strictObject({ outcome: key, step: key.optional() }),
  z.strictObject({ item: z.enum(['deviceId', 'accessId', 'system']) }),
]);
const branch = z.strictObject({ skip: z.array(key).max(50) });
const common = { key, title, dependsOn: z.array(key).max(50), required: z.boolean() };

/**
 * The shape of a scenario sent by a client; whether it makes sense (dependencies, effect arguments,
 * placeholders) is the domain's `scenarioProblems`, checked before it is recorded.
 */
export const scenarioSchema: z.ZodType<Scenario> = z.strictObject({
  id: key,
  version: z.number().int().positive(),
  kind: z.enum(scenarioKinds),
  title,
  parameters: z
    .array(z.strictObject({ name: key, type: z.enum(parameterTypes), required: z.boolean(), title }))
    .max(30),
  steps: z
    .array(
      z.discriminatedUnion('kind', [
        z.strictObject({
          ...common,
          kind: z.literal('task'),
          forEach: z.enum(planItemKinds).optional(),
          effect: z
            .strictObject({ type: z.enum(effectTypes), args: z.record(z.string(), valueRef) })
            .optional(),
        }),
        z.strictObject({
          ...common,
          kind: z.literal('decision'),
          onReject: z.union([z.literal('end'), branch]),
          onApprove: branch.optional(),
        }),
      ]),
    )
    .min(1)
    .max(100),
}) as unknown as z.ZodType<Scenario>;

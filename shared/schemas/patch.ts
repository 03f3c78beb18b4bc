import * as z from 'zod';

/**
 * A partial version of an object schema whose absent fields stay absent: zod's `.partial()`
 * keeps `.default()`s, which would silently reset settings a PATCH did not mention.
 */
export function patchOf<T extends z.ZodRawShape>(schema: z.ZodObject<T>) {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    shape[key] = (field instanceof z.ZodDefault ? field.unwrap() : field) as z.ZodType;
  }
  return z.object(shape).partial().strict() as unknown as z.ZodObject<{ [K in keyof T]: z.ZodOptional<T[K]> }>;
}

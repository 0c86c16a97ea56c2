import type { SeededRandom } from './seeded-random.js';

const cities = ['Paris', 'Tokyo', 'Lagos', 'Lima', 'Toronto', 'Mumbai', 'Berlin', 'Sydney'];
const nouns = ['report', 'invoice', 'summary', 'ticket', 'order', 'draft', 'query', 'note'];

function stringFor(random: SeededRandom, name: string, schema: Record<string, unknown>): string {
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return String(random.pick(schema.enum));
  const lower = name.toLowerCase();
  if (schema.format === 'date' || lower.includes('date')) return `2025-0${random.integer(1, 9)}-1${random.integer(0, 9)}`;
  if (schema.format === 'email' || lower.includes('email')) return `user${random.integer(1, 99)}@example.com`;
  if (lower.includes('city') || lower.includes('location') || lower.includes('place')) return random.pick(cities);
  if (lower.includes('unit')) return random.pick(['celsius', 'fahrenheit']);
  if (lower.includes('url')) return `https://example.com/${random.pick(nouns)}`;
  if (lower.includes('id')) return `${random.pick(nouns)}_${random.integer(100, 999)}`;
  return `${random.pick(nouns)} ${random.integer(1, 99)}`;
}

/**
 * A value that satisfies a JSON Schema (the common subset: object, array, string with enum/format,
 * number/integer with bounds, boolean, anyOf/oneOf), for simulated tool arguments and structured output.
 */
export function simulatedJsonValue(random: SeededRandom, schema: unknown, name = 'value', depth = 0): unknown {
  if (!schema || typeof schema !== 'object' || depth > 6) return stringFor(random, name, {});
  const definition = schema as Record<string, unknown>;
  const variants = (definition.anyOf ?? definition.oneOf) as unknown[] | undefined;
  if (Array.isArray(variants) && variants.length > 0) return simulatedJsonValue(random, variants[0], name, depth + 1);
  if ('const' in definition) return definition.const;
  let type = definition.type;
  if (Array.isArray(type)) type = type.find((candidate) => candidate !== 'null') ?? 'null';
  if (type === undefined && definition.properties) type = 'object';
  switch (type) {
    case 'object': {
      const properties = (definition.properties ?? {}) as Record<string, unknown>;
      const required = new Set(Array.isArray(definition.required) ? (definition.required as string[]) : Object.keys(properties));
      const value: Record<string, unknown> = {};
      for (const [property, propertySchema] of Object.entries(properties)) {
        if (required.has(property) || random.next() < 0.5) value[property] = simulatedJsonValue(random, propertySchema, property, depth + 1);
      }
      return value;
    }
    case 'array': {
      const count = Math.max(Number(definition.minItems ?? 1), Math.min(Number(definition.maxItems ?? 3), random.integer(1, 3)));
      return Array.from({ length: count }, () => simulatedJsonValue(random, definition.items, name, depth + 1));
    }
    case 'integer':
    case 'number': {
      const minimum = Number(definition.minimum ?? 0);
      const maximum = Number(definition.maximum ?? minimum + 100);
      const value = minimum + random.next() * (maximum - minimum);
      return type === 'integer' ? Math.round(value) : Math.round(value * 100) / 100;
    }
    case 'boolean':
      return random.next() < 0.5;
    case 'null':
      return null;
    default:
      return stringFor(random, name, definition);
  }
}

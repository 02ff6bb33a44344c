// Gemini's `parameters` takes an OpenAPI 3.0 subset of JSON Schema and rejects the rest with a 400
// ("Unknown name \"additionalProperties\"", "$schema", "exclusiveMinimum", ...), and an OBJECT with
// empty properties: keep only what it understands (https://ai.google.dev/api/caching#Schema).
import { isRecord } from '../../translate/ir';

const KEEP = new Set([
  'type',
  'format',
  'title',
  'description',
  'nullable',
  'enum',
  'maxItems',
  'minItems',
  'properties',
  'required',
  'minProperties',
  'maxProperties',
  'minLength',
  'maxLength',
  'pattern',
  'example',
  'anyOf',
  'propertyOrdering',
  'default',
  'items',
  'minimum',
  'maximum',
]);

export function geminiSchema(schema: unknown): Record<string, unknown> | undefined {
  if (!isRecord(schema)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (!KEEP.has(k)) continue;
    if (k === 'type' && Array.isArray(v)) {
      // ["string", "null"] -> type string, nullable.
      const types = v.filter((t) => t !== 'null');
      out.type = types[0] ?? 'string';
      if (types.length < v.length) out.nullable = true;
    } else if (k === 'properties' && isRecord(v)) {
      const props: Record<string, unknown> = {};
      for (const [name, p] of Object.entries(v)) props[name] = geminiSchema(p) ?? {};
      out.properties = props;
    } else if (k === 'items') {
      out.items = geminiSchema(v) ?? {};
    } else if (k === 'anyOf' && Array.isArray(v)) {
      out.anyOf = v.map((s) => geminiSchema(s) ?? {});
    } else if (k === 'enum' && Array.isArray(v)) {
      out.enum = v.map(String);
    } else {
      out[k] = v;
    }
  }
  if (out.type === 'object' && isRecord(out.properties) && Object.keys(out.properties).length === 0) return undefined;
  return out;
}

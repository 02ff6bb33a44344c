// Structured output / JSON mode across protocols (issue 14): OpenAI `response_format`, Responses
// `text.format`, Gemini `responseMimeType` + `responseJsonSchema` / `responseSchema`, Anthropic
// `output_config.format` read into one IRResponseFormat; and the schema rewrites each provider
// needs to accept a schema written for another (strict mode's subset, Anthropic's closed objects,
// Gemini's key list). Pure.
import { isRecord, type IRResponseFormat } from './ir';

/** OpenAI chat `response_format`, or the flat Responses `text.format`. */
export function openaiFormatToIR(f: unknown): IRResponseFormat | undefined {
  if (!isRecord(f)) return undefined;
  if (f.type === 'json_object') return { type: 'json' };
  if (f.type !== 'json_schema') return undefined;
  const s = isRecord(f.json_schema) ? f.json_schema : f; // chat nests it, Responses does not
  return {
    type: 'json',
    ...(isRecord(s.schema) ? { schema: s.schema } : {}),
    ...(typeof s.name === 'string' ? { name: s.name } : {}),
    ...(typeof s.strict === 'boolean' ? { strict: s.strict } : {}),
    ...(typeof s.description === 'string' ? { description: s.description } : {}),
  };
}

/** Anthropic `output_config.format` (GA) or the deprecated top-level `output_format`. */
export function anthropicFormatToIR(outputConfig: unknown, outputFormat: unknown): IRResponseFormat | undefined {
  const f = isRecord(outputConfig) && isRecord(outputConfig.format) ? outputConfig.format : outputFormat;
  if (!isRecord(f) || f.type !== 'json_schema') return undefined;
  return { type: 'json', ...(isRecord(f.schema) ? { schema: f.schema } : {}) };
}

/** Does every object of the schema close itself and require all its properties (OpenAI strict mode's rule)? */
export function strictable(s: unknown): boolean {
  if (Array.isArray(s)) return s.every(strictable);
  if (!isRecord(s)) return true;
  if (s.type === 'object' || isRecord(s.properties)) {
    const props = isRecord(s.properties) ? Object.keys(s.properties) : [];
    const required = Array.isArray(s.required) ? s.required : [];
    if (s.additionalProperties !== false || !props.every((p) => required.includes(p))) return false;
  }
  return Object.entries(s).every(([k, v]) => k === 'enum' || k === 'const' || k === 'default' || strictable(v));
}

const DESCRIBED = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'pattern', 'multipleOf', 'format'];

/**
 * A schema Anthropic's structured outputs accept: every object closed (`additionalProperties:
 * false`), numeric and string constraints moved into the description (it rejects them), as the
 * Anthropic SDKs do.
 */
export function anthropicSchema(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(anthropicSchema);
  if (!isRecord(s)) return s;
  const out: Record<string, unknown> = {};
  const notes: string[] = [];
  for (const [k, v] of Object.entries(s)) {
    if (DESCRIBED.includes(k) && (typeof v === 'number' || typeof v === 'string')) notes.push(`${k}: ${v}`);
    else if (k === 'properties' && isRecord(v)) out.properties = Object.fromEntries(Object.entries(v).map(([n, p]) => [n, anthropicSchema(p)]));
    else if (k === 'enum' || k === 'const' || k === 'default' || k === 'required') out[k] = v;
    else out[k] = anthropicSchema(v);
  }
  if (out.type === 'object' || isRecord(out.properties)) out.additionalProperties = false;
  if (notes.length) out.description = [out.description, `(${notes.join(', ')})`].filter(Boolean).join(' ');
  return out;
}

/** The JSON Schema keys Gemini's `responseJsonSchema` understands (ai.google.dev, GenerationConfig). */
const GEMINI_JSON_KEYS = new Set([
  '$id',
  '$defs',
  '$ref',
  '$anchor',
  'type',
  'format',
  'title',
  'description',
  'enum',
  'items',
  'prefixItems',
  'minItems',
  'maxItems',
  'minimum',
  'maximum',
  'anyOf',
  'oneOf',
  'properties',
  'additionalProperties',
  'required',
  'propertyOrdering',
]);

/** A schema for Gemini's `responseJsonSchema`: the keys it knows, at every level. */
export function geminiJsonSchema(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(geminiJsonSchema);
  if (!isRecord(s)) return s;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) {
    if (!GEMINI_JSON_KEYS.has(k)) continue;
    if ((k === 'properties' || k === '$defs') && isRecord(v)) out[k] = Object.fromEntries(Object.entries(v).map(([n, p]) => [n, geminiJsonSchema(p)]));
    else if (k === 'enum' || k === 'required' || k === 'propertyOrdering') out[k] = v;
    else out[k] = geminiJsonSchema(v);
  }
  return out;
}

/** Does any of these texts mention JSON (OpenAI's json_object mode refuses a prompt that does not)? */
export function mentionsJson(texts: readonly string[]): boolean {
  return texts.some((t) => /json/i.test(t));
}

/** The instruction for a provider without a JSON mode of its own (or a schema it cannot take). */
export function jsonInstruction(f: IRResponseFormat): string {
  return f.schema
    ? `Respond with only a single JSON value that matches this JSON Schema, with no prose and no code fences:\n${JSON.stringify(f.schema)}`
    : 'Respond with only a single JSON object: no prose, no code fences.';
}

// Gemini generateContent request <-> IR (https://ai.google.dev/api/generate-content). The model
// and streaming are in the URL, not the body, so the caller passes them in.
import {
  isRecord,
  makeId,
  objectSchema,
  parseArguments,
  textOf,
  type IRMessage,
  type IRPart,
  type IRRequest,
  type IRResponseFormat,
  type IRTool,
  type IRToolChoice,
} from '../../translate/ir';
import { budgetOf, budgetToEffort, effortOf, geminiReasoningToIR } from '../../translate/reasoning';
import { geminiJsonSchema } from '../../translate/structured';
import { geminiSchema } from './schema';

export function geminiRequestToIR(body: Record<string, unknown>, model: string, stream: boolean): IRRequest {
  const messages: IRMessage[] = [];
  // Gemini's functionCall id is optional: calls without one get an id here, and a response
  // without one answers the oldest unanswered call of that name.
  const unanswered: Array<{ id: string; name: string }> = [];
  for (const c of Array.isArray(body.contents) ? body.contents : []) {
    if (!isRecord(c)) continue;
    const role = c.role === 'model' ? 'assistant' : 'user';
    const parts: IRPart[] = [];
    for (const p of Array.isArray(c.parts) ? c.parts : []) {
      if (!isRecord(p)) continue;
      if (typeof p.text === 'string') {
        parts.push(p.thought === true ? { type: 'thinking', text: p.text } : { type: 'text', text: p.text });
      } else if (isRecord(p.inlineData)) {
        parts.push({ type: 'image', mediaType: String(p.inlineData.mimeType ?? 'image/png'), data: String(p.inlineData.data ?? '') });
      } else if (isRecord(p.fileData)) {
        parts.push({ type: 'image', mediaType: String(p.fileData.mimeType ?? 'image/*'), url: String(p.fileData.fileUri ?? '') });
      } else if (isRecord(p.functionCall)) {
        const fc = p.functionCall;
        const id = typeof fc.id === 'string' && fc.id ? fc.id : makeId('call_');
        const name = String(fc.name ?? '');
        unanswered.push({ id, name });
        const sig = typeof p.thoughtSignature === 'string' && p.thoughtSignature !== SKIP_SIGNATURE ? { signature: p.thoughtSignature } : {};
        parts.push({ type: 'tool_call', id, name, arguments: JSON.stringify(isRecord(fc.args) ? fc.args : {}), ...sig });
      } else if (isRecord(p.functionResponse)) {
        const fr = p.functionResponse;
        const name = String(fr.name ?? '');
        let i = typeof fr.id === 'string' ? unanswered.findIndex((u) => u.id === fr.id) : -1;
        if (i < 0) i = unanswered.findIndex((u) => u.name === name);
        const id = i >= 0 ? unanswered.splice(i, 1)[0].id : typeof fr.id === 'string' ? fr.id : makeId('call_');
        const r = fr.response;
        const content =
          isRecord(r) && Object.keys(r).length === 1 && typeof (r.output ?? r.content ?? r.result) === 'string'
            ? String(r.output ?? r.content ?? r.result)
            : JSON.stringify(r ?? {});
        parts.push({ type: 'tool_result', id, name, content });
      }
    }
    if (parts.length === 0) continue;
    const last = messages[messages.length - 1];
    if (last && last.role === role) last.parts.push(...parts);
    else messages.push({ role, parts });
  }
  const sys = isRecord(body.systemInstruction)
    ? textOf(body.systemInstruction.parts)
    : typeof body.systemInstruction === 'string'
      ? body.systemInstruction
      : '';
  const tools: IRTool[] = [];
  for (const t of Array.isArray(body.tools) ? body.tools : []) {
    if (!isRecord(t)) continue;
    for (const f of Array.isArray(t.functionDeclarations) ? t.functionDeclarations : []) {
      if (!isRecord(f) || typeof f.name !== 'string') continue;
      tools.push({
        name: f.name,
        description: typeof f.description === 'string' ? f.description : undefined,
        parameters: lowerTypes(objectSchema(f.parametersJsonSchema ?? f.parameters)),
      });
    }
  }
  let toolChoice: IRToolChoice | undefined;
  const fcc = isRecord(body.toolConfig) && isRecord(body.toolConfig.functionCallingConfig) ? body.toolConfig.functionCallingConfig : undefined;
  if (fcc) {
    const allowed = Array.isArray(fcc.allowedFunctionNames) ? fcc.allowedFunctionNames : [];
    if (fcc.mode === 'NONE') toolChoice = { type: 'none' };
    else if (fcc.mode === 'ANY') toolChoice = allowed.length === 1 && typeof allowed[0] === 'string' ? { type: 'tool', name: allowed[0] } : { type: 'any' };
    else if (fcc.mode === 'AUTO') toolChoice = { type: 'auto' };
  }
  const gc = isRecord(body.generationConfig) ? body.generationConfig : {};
  const stop = Array.isArray(gc.stopSequences) ? gc.stopSequences.filter((s): s is string => typeof s === 'string') : undefined;
  return {
    model,
    system: sys || undefined,
    messages,
    tools: tools.length ? tools : undefined,
    toolChoice,
    maxTokens: num(gc.maxOutputTokens),
    temperature: num(gc.temperature),
    topP: num(gc.topP),
    topK: num(gc.topK),
    stop: stop?.length ? stop : undefined,
    stream,
    reasoning: geminiReasoningToIR(gc.thinkingConfig),
    responseFormat: geminiFormatToIR(gc),
  };
}

/** JSON mode: `responseMimeType: application/json`, with `responseJsonSchema` (JSON Schema) or `responseSchema` (Gemini's OpenAPI subset). */
function geminiFormatToIR(gc: Record<string, unknown>): IRResponseFormat | undefined {
  if (gc.responseMimeType !== 'application/json') return undefined;
  if (isRecord(gc.responseJsonSchema)) return { type: 'json', schema: gc.responseJsonSchema };
  if (isRecord(gc.responseSchema)) return { type: 'json', schema: lowerTypes(gc.responseSchema) };
  return { type: 'json' };
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Gemini schemas spell types in capitals (OBJECT, STRING) and say `nullable`; JSON Schema wants lower case and a type list. */
function lowerTypes(s: unknown): Record<string, unknown> {
  if (!isRecord(s)) return {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'type' && typeof v === 'string') out.type = s.nullable === true ? [v.toLowerCase(), 'null'] : v.toLowerCase();
    else if (k === 'nullable') continue;
    else if (k === 'properties' && isRecord(v)) out.properties = Object.fromEntries(Object.entries(v).map(([n, p]) => [n, lowerTypes(p)]));
    else if (k === 'items') out.items = lowerTypes(v);
    else if (k === 'anyOf' && Array.isArray(v)) out.anyOf = v.map(lowerTypes);
    else out[k] = v;
  }
  return out;
}

export const SKIP_SIGNATURE = 'skip_thought_signature_validator';

/** Gemini 2.x takes a thinking budget, Gemini 3 a level (both at once is a 400); other names get the budget. */
export function usesThinkingLevel(model: string): boolean {
  return /gemini-(?:[3-9]|\d{2,})/.test(model.toLowerCase());
}

const LEVELS = { minimal: 'MINIMAL', low: 'LOW', medium: 'MEDIUM', high: 'HIGH', xhigh: 'HIGH', max: 'HIGH' } as const;

/** generationConfig.thinkingConfig for the IR's reasoning. */
function thinkingConfig(ir: IRRequest): Record<string, unknown> | undefined {
  const r = ir.reasoning;
  if (!r) return undefined;
  const include = r.mode === 'off' ? {} : { includeThoughts: r.includeThoughts ?? true };
  if (usesThinkingLevel(ir.model)) {
    const effort = r.mode === 'off' ? 'minimal' : effortOf(r);
    return { ...(effort ? { thinkingLevel: LEVELS[effort] } : {}), ...include };
  }
  // -1: the model decides; a number the client or the effort table gave.
  const budget = budgetOf(r) ?? -1;
  return { thinkingBudget: budget, ...include };
}

/** The other Gemini thinking field, for a retry after a 400 that names the one sent (providers/gemini/repair.ts). */
export function switchThinkingField(tc: Record<string, unknown>): Record<string, unknown> {
  const { thinkingLevel, thinkingBudget, ...rest } = tc;
  if (typeof thinkingLevel === 'string') {
    const effort = thinkingLevel.toLowerCase() as keyof typeof LEVELS;
    return { ...rest, thinkingBudget: budgetOf({ mode: 'auto', effort }) ?? -1 };
  }
  const effort = typeof thinkingBudget === 'number' ? (thinkingBudget === 0 ? 'minimal' : budgetToEffort(thinkingBudget)) : undefined;
  return { ...rest, ...(effort ? { thinkingLevel: LEVELS[effort] } : {}) };
}

export function irToGeminiRequest(ir: IRRequest): Record<string, unknown> {
  const names = new Map<string, string>();
  const contents: Array<{ role: string; parts: Record<string, unknown>[] }> = [];
  for (const m of ir.messages) {
    const parts: Record<string, unknown>[] = [];
    let signed = false;
    for (const p of m.parts) {
      switch (p.type) {
        case 'text':
          if (p.text) parts.push({ text: p.text });
          break;
        case 'image':
          parts.push(p.data !== undefined ? { inlineData: { mimeType: p.mediaType, data: p.data } } : { fileData: { mimeType: p.mediaType, fileUri: p.url } });
          break;
        case 'tool_call':
          names.set(p.id, p.name);
          parts.push({
            functionCall: { id: p.id, name: p.name, args: parseArguments(p.arguments) },
            // Gemini 3 rejects a replayed function call without its thought signature: the one
            // Gemini gave (carried back through other protocols by translate/carry.ts), else, for
            // calls made by another provider, the value Google documents for that case
            // (https://ai.google.dev/gemini-api/docs/thought-signatures).
            ...(p.signature ? { thoughtSignature: p.signature } : signed ? {} : { thoughtSignature: SKIP_SIGNATURE }),
          });
          signed = true;
          break;
        case 'tool_result': {
          // Gemini wants an object as the response; plain text is wrapped as {output}.
          let response: unknown;
          try {
            response = JSON.parse(p.content);
          } catch {
            response = undefined;
          }
          if (!isRecord(response)) response = { output: p.content };
          parts.push({ functionResponse: { id: p.id, name: p.name ?? names.get(p.id) ?? '', response } });
          break;
        }
        case 'thinking':
          break;
      }
    }
    if (parts.length === 0) continue;
    const role = m.role === 'assistant' ? 'model' : 'user';
    const last = contents[contents.length - 1];
    if (last && last.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  }
  const out: Record<string, unknown> = { contents };
  if (ir.system) out.systemInstruction = { parts: [{ text: ir.system }] };
  if (ir.tools) {
    out.tools = [
      {
        functionDeclarations: ir.tools.map((t) => {
          const parameters = geminiSchema(t.parameters);
          return { name: t.name, ...(t.description ? { description: t.description } : {}), ...(parameters ? { parameters } : {}) };
        }),
      },
    ];
  }
  if (ir.toolChoice) {
    const c = ir.toolChoice;
    out.toolConfig = {
      functionCallingConfig:
        c.type === 'tool' ? { mode: 'ANY', allowedFunctionNames: [c.name] } : { mode: c.type === 'any' ? 'ANY' : c.type === 'none' ? 'NONE' : 'AUTO' },
    };
  }
  const gc: Record<string, unknown> = {};
  if (ir.maxTokens !== undefined) gc.maxOutputTokens = ir.maxTokens;
  if (ir.temperature !== undefined) gc.temperature = ir.temperature;
  if (ir.topP !== undefined) gc.topP = ir.topP;
  if (ir.topK !== undefined) gc.topK = ir.topK;
  if (ir.stop) gc.stopSequences = ir.stop;
  const tc = thinkingConfig(ir);
  if (tc) gc.thinkingConfig = tc;
  if (ir.responseFormat) {
    gc.responseMimeType = 'application/json';
    if (ir.responseFormat.schema) gc.responseJsonSchema = geminiJsonSchema(ir.responseFormat.schema);
  }
  if (Object.keys(gc).length) out.generationConfig = gc;
  return out;
}

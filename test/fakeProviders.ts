// Fake upstreams of each kind (openai, anthropic, gemini) that answer in their provider's real
// wire format, non-streamed and streamed, for the conformance tests. What they answer depends on
// the model name:
//   "m-text"       "Hello there" (streamed in three deltas)
//   "m-tool"       a call of the tool `Bash` with {"command":"ls -la"}, its arguments split across
//                  several deltas; once the request carries the tool's result, a text answer that
//                  quotes it ("Tool said: <result>")
//   "m-notool"     a call of the parameterless tool `get_time`
//   "m-ratelimit"  429 with Retry-After: 7 in the provider's error shape
//   "m-badkey"     401 (the upstream rejecting the proxy's upstream key): the key is revoked from then
//                  on, so the models list, which the proxy asks to confirm a rejection, refuses it too
//   "m-agent"      a call of the client's own shell tool (from the tools offered) to run
//                  `cat notes.txt`; then, with the result, "Tool said: <result>" (test/fakeBehaviours.ts)
//   "...think..."  reasoning first (OpenAI-compatible reasoning_content, Anthropic thinking with a
//                  signature, Gemini thought parts), then the answer
//   "...small..."  refuses (strict mode) an output limit above 8192 tokens, as small models do
// A request in JSON mode (response_format, output_format, responseMimeType) gets a JSON answer
// that matches its schema. With `strict`, malformed requests get the provider's real 400.
import type { ServerResponse } from 'node:http';
import type { TestContext } from 'node:test';
import { startFakeUpstream, type FakeUpstream, type RecordedRequest } from './helpers';
import { agentCall, refuseAnthropic, refuseGemini, refuseOpenai, sampleOf, type OfferedTool, type Refusal } from './fakeBehaviours';

export type Kind = 'openai' | 'anthropic' | 'gemini';

const ARG_PIECES = ['{"comm', 'and": "l', 's -la"', '}'];
const TEXT_PIECES = ['Hel', 'lo', ' there'];

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sse(res: ServerResponse, events: string[]): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const e of events) res.write(e);
  res.end();
}

const data = (v: unknown, event?: string): string => `${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(v)}\n\n`;

type Plan = ({ kind: 'text'; text: string } | { kind: 'tool'; name: string; pieces: string[] } | { kind: 'error'; status: number }) & { reasoning?: string };

/** What a request offers and asks besides its messages. */
interface Asks {
  tools: OfferedTool[];
  /** JSON mode: the schema asked for, or true for any JSON object. */
  json?: Record<string, unknown> | true;
}

const REASONING = 'Thinking it over.';

function split(text: string): string[] {
  const third = Math.ceil(text.length / 3);
  return [text.slice(0, third), text.slice(third, 2 * third), text.slice(2 * third)].filter(Boolean);
}

function baseplan(model: string, toolResult: string | undefined, asks: Asks): Plan {
  if (model.includes('ratelimit')) return { kind: 'error', status: 429 };
  if (model.includes('badkey')) return { kind: 'error', status: 401 };
  if (toolResult !== undefined) return { kind: 'text', text: `Tool said: ${toolResult}` };
  if (asks.json) return { kind: 'text', text: JSON.stringify(asks.json === true ? { answer: 'fake' } : sampleOf(asks.json)) };
  if (model.includes('agent')) {
    const call = agentCall(asks.tools);
    if (!call) return { kind: 'text', text: `No shell tool offered (tools: ${asks.tools.map((t) => t.name).join(', ')})` };
    return { kind: 'tool', name: call.name, pieces: split(JSON.stringify(call.args)) };
  }
  if (model.includes('notool')) return { kind: 'tool', name: 'get_time', pieces: [] };
  if (model.includes('tool')) return { kind: 'tool', name: 'Bash', pieces: ARG_PIECES };
  return { kind: 'text', text: TEXT_PIECES.join('') };
}

function plan(model: string, toolResult: string | undefined, asks: Asks = { tools: [] }): Plan {
  const p = baseplan(model, toolResult, asks);
  return model.includes('think') && p.kind !== 'error' ? { ...p, reasoning: REASONING } : p;
}

function pieces(p: Extract<Plan, { kind: 'text' }>): string[] {
  return p.text === TEXT_PIECES.join('') ? TEXT_PIECES : [p.text.slice(0, 5), p.text.slice(5)];
}

// ---- OpenAI ---------------------------------------------------------------------------------

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function openaiToolResult(body: Record<string, any>): string | undefined {
  const last = body.messages?.[body.messages.length - 1];
  return last?.role === 'tool' ? String(last.content) : undefined;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function openaiAsks(body: Record<string, any>): Asks {
  const rf = body.response_format;
  const json = rf?.type === 'json_schema' ? (rf.json_schema?.schema ?? true) : rf?.type === 'json_object' ? true : undefined;
  return {
    tools: (body.tools ?? []).map((t: { function?: { name: string; parameters?: OfferedTool['schema'] } }) => ({
      name: t.function?.name ?? '',
      schema: t.function?.parameters,
    })),
    json,
  };
}

function refuse(res: ServerResponse, kind: Kind, r: NonNullable<Refusal>): void {
  if (kind === 'openai') return send(res, 400, { error: { message: r.message, type: 'invalid_request_error', param: null, code: null } });
  if (kind === 'anthropic') return send(res, 400, { type: 'error', error: { type: 'invalid_request_error', message: r.message } });
  return send(res, 400, { error: { code: 400, message: r.message, status: 'INVALID_ARGUMENT' } });
}

function openaiHandler(req: RecordedRequest, res: ServerResponse, o: FakeOptions): void {
  if (req.method === 'GET') return send(res, 200, { object: 'list', data: [{ id: 'm-text', object: 'model', created: 1, owned_by: 'fake' }] });
  const body = JSON.parse(req.body);
  if (req.url.startsWith('/v1/embeddings')) {
    const values = [0.25, 0.5];
    const embedding = body.encoding_format === 'base64' ? Buffer.from(new Float32Array(values).buffer).toString('base64') : values;
    return send(res, 200, {
      object: 'list',
      data: [{ object: 'embedding', index: 0, embedding }],
      model: body.model,
      usage: { prompt_tokens: 1, total_tokens: 1 },
    });
  }
  if (req.url.startsWith('/v1/responses') && body.stream) return responsesStream(body, res);
  if (req.url.startsWith('/v1/responses')) {
    // Only reached by pass-through: answer with a minimal Responses object naming what came in.
    return send(res, 200, {
      id: 'resp_fake',
      object: 'response',
      created_at: 1,
      status: 'completed',
      model: body.model,
      output: [
        {
          type: 'message',
          id: 'msg_1',
          status: 'completed',
          role: 'assistant',
          content: [{ type: 'output_text', text: `passed through: ${body.input}`, annotations: [] }],
        },
      ],
      usage: { input_tokens: 1, output_tokens: 1, total_tokens: 2 },
    });
  }
  const refusal = o.strict ? refuseOpenai(body) : undefined;
  if (refusal) return refuse(res, 'openai', refusal);
  const p = plan(body.model, openaiToolResult(body), openaiAsks(body));
  if (p.kind === 'error') {
    return send(
      res,
      p.status,
      {
        error: {
          message: p.status === 429 ? 'Rate limit reached for requests' : 'Incorrect API key provided',
          type: p.status === 429 ? 'requests' : 'invalid_request_error',
          param: null,
          code: p.status === 429 ? 'rate_limit_exceeded' : 'invalid_api_key',
        },
      },
      p.status === 429 ? { 'retry-after': '7' } : {},
    );
  }
  const base = { id: 'chatcmpl-fake', created: 1700000000, model: body.model, system_fingerprint: 'fp_fake' };
  const usage = { prompt_tokens: 11, completion_tokens: 5, total_tokens: 16 };
  if (!body.stream) {
    const message = {
      ...(p.kind === 'text'
        ? { role: 'assistant', content: p.text, refusal: null }
        : {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'call_fake1', type: 'function', function: { name: p.name, arguments: p.pieces.join('') || '{}' } }],
          }),
      ...(p.reasoning ? { reasoning_content: p.reasoning } : {}),
    };
    return send(res, 200, {
      ...base,
      object: 'chat.completion',
      choices: [{ index: 0, message, logprobs: null, finish_reason: p.kind === 'text' ? 'stop' : 'tool_calls' }],
      usage,
    });
  }
  const chunk = (delta: unknown, finish: string | null = null): string =>
    data({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
  const events = [chunk({ role: 'assistant', content: '', refusal: null })];
  if (p.reasoning) events.push(chunk({ reasoning_content: p.reasoning }));
  if (p.kind === 'text') for (const t of pieces(p)) events.push(chunk({ content: t }));
  else {
    // As OpenAI sends it: id, type and name first with empty arguments, then argument slices.
    events.push(chunk({ tool_calls: [{ index: 0, id: 'call_fake1', type: 'function', function: { name: p.name, arguments: '' } }] }));
    for (const a of p.pieces) events.push(chunk({ tool_calls: [{ index: 0, function: { arguments: a } }] }));
  }
  events.push(chunk({}, p.kind === 'text' ? 'stop' : 'tool_calls'));
  if (body.stream_options?.include_usage) events.push(data({ ...base, object: 'chat.completion.chunk', choices: [], usage }));
  events.push('data: [DONE]\n\n');
  sse(res, events);
}

/** A streamed Responses answer (what Codex asks an OpenAI upstream for), text or a function call. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function responsesStream(body: Record<string, any>, res: ServerResponse): void {
  const input = Array.isArray(body.input) ? body.input : [];
  const last = input[input.length - 1];
  const toolResult = last?.type === 'function_call_output' ? String(last.output) : undefined;
  const tools = (body.tools ?? [])
    .filter((t: { type?: string }) => t.type === 'function')
    .map((t: { name: string; parameters?: OfferedTool['schema'] }) => ({ name: t.name, schema: t.parameters }));
  const p = plan(body.model, toolResult, { tools });
  if (p.kind === 'error') return send(res, p.status, { error: { message: 'refused', type: 'invalid_request_error', param: null, code: null } });
  let seq = 0;
  const ev = (type: string, v: Record<string, unknown>): string => data({ type, sequence_number: seq++, ...v }, type);
  const resp = (status: string, output: unknown[]) => ({
    id: 'resp_fake',
    object: 'response',
    created_at: 1,
    status,
    model: body.model,
    output,
    usage: status === 'completed' ? { input_tokens: 11, output_tokens: 5, total_tokens: 16 } : null,
  });
  const events = [ev('response.created', { response: resp('in_progress', []) })];
  let item: Record<string, unknown>;
  if (p.kind === 'text') {
    item = { type: 'message', id: 'msg_fake', status: 'in_progress', role: 'assistant', content: [] };
    const ids = { item_id: 'msg_fake', output_index: 0, content_index: 0 };
    events.push(
      ev('response.output_item.added', { output_index: 0, item }),
      ev('response.content_part.added', { ...ids, part: { type: 'output_text', text: '', annotations: [] } }),
    );
    for (const t of pieces(p)) events.push(ev('response.output_text.delta', { ...ids, delta: t }));
    const part = { type: 'output_text', text: p.text, annotations: [] };
    item = { ...item, status: 'completed', content: [part] };
    events.push(ev('response.output_text.done', { ...ids, text: p.text }), ev('response.content_part.done', { ...ids, part }));
  } else {
    const args = p.pieces.join('') || '{}';
    item = { type: 'function_call', id: 'fc_fake1', call_id: 'call_fake1', name: p.name, arguments: '', status: 'in_progress' };
    events.push(ev('response.output_item.added', { output_index: 0, item }));
    for (const a of p.pieces) events.push(ev('response.function_call_arguments.delta', { item_id: 'fc_fake1', output_index: 0, delta: a }));
    events.push(ev('response.function_call_arguments.done', { item_id: 'fc_fake1', output_index: 0, arguments: args }));
    item = { ...item, arguments: args, status: 'completed' };
  }
  events.push(ev('response.output_item.done', { output_index: 0, item }), ev('response.completed', { response: resp('completed', [item]) }));
  sse(res, events);
}

// ---- Anthropic ------------------------------------------------------------------------------

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function anthropicToolResult(body: Record<string, any>): string | undefined {
  const last = body.messages?.[body.messages.length - 1];
  if (last?.role !== 'user' || !Array.isArray(last.content)) return undefined;
  const r = last.content.find((b: { type: string }) => b.type === 'tool_result');
  if (!r) return undefined;
  return typeof r.content === 'string' ? r.content : r.content.map((b: { text?: string }) => b.text ?? '').join('');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function anthropicAsks(body: Record<string, any>): Asks {
  const format = body.output_format ?? body.output_config?.format;
  return {
    tools: (body.tools ?? []).map((t: { name: string; input_schema?: OfferedTool['schema'] }) => ({ name: t.name, schema: t.input_schema })),
    json: format?.type === 'json_schema' ? (format.schema ?? true) : undefined,
  };
}

function anthropicHandler(req: RecordedRequest, res: ServerResponse, o: FakeOptions): void {
  if (req.method === 'GET')
    return send(res, 200, {
      data: [{ type: 'model', id: 'm-text', display_name: 'M', created_at: '2025-01-01T00:00:00Z' }],
      has_more: false,
      first_id: 'm-text',
      last_id: 'm-text',
    });
  const body = JSON.parse(req.body);
  if (req.url.startsWith('/v1/messages/count_tokens')) return send(res, 200, { input_tokens: 42 });
  const refusal = o.strict ? refuseAnthropic(body) : undefined;
  if (refusal) return refuse(res, 'anthropic', refusal);
  const p = plan(body.model, anthropicToolResult(body), anthropicAsks(body));
  if (p.kind === 'error') {
    return send(
      res,
      p.status,
      {
        type: 'error',
        error: {
          type: p.status === 429 ? 'rate_limit_error' : 'authentication_error',
          message: p.status === 429 ? 'Number of requests has exceeded your rate limit' : 'invalid x-api-key',
        },
      },
      p.status === 429 ? { 'retry-after': '7' } : {},
    );
  }
  const usage = { input_tokens: 11, output_tokens: 5 };
  if (!body.stream) {
    const answer =
      p.kind === 'text'
        ? [{ type: 'text', text: p.text }]
        : [{ type: 'tool_use', id: 'toolu_fake1', name: p.name, input: JSON.parse(p.pieces.join('') || '{}') }];
    const content = [...(p.reasoning ? [{ type: 'thinking', thinking: p.reasoning, signature: 'sig-fake' }] : []), ...answer];
    return send(res, 200, {
      id: 'msg_fake',
      type: 'message',
      role: 'assistant',
      model: body.model,
      content,
      stop_reason: p.kind === 'text' ? 'end_turn' : 'tool_use',
      stop_sequence: null,
      usage,
    });
  }
  const events = [
    data(
      {
        type: 'message_start',
        message: {
          id: 'msg_fake',
          type: 'message',
          role: 'assistant',
          model: body.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 11, output_tokens: 1 },
        },
      },
      'message_start',
    ),
    data({ type: 'ping' }, 'ping'),
  ];
  let index = 0;
  if (p.reasoning) {
    events.push(
      data({ type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } }, 'content_block_start'),
      data({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: p.reasoning } }, 'content_block_delta'),
      data({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: 'sig-fake' } }, 'content_block_delta'),
      data({ type: 'content_block_stop', index }, 'content_block_stop'),
    );
    index++;
  }
  if (p.kind === 'text') {
    events.push(data({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } }, 'content_block_start'));
    for (const t of pieces(p)) events.push(data({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: t } }, 'content_block_delta'));
  } else {
    events.push(
      data({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: 'toolu_fake1', name: p.name, input: {} } }, 'content_block_start'),
    );
    // Anthropic's first input_json_delta is often empty.
    for (const a of ['', ...p.pieces])
      events.push(data({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: a } }, 'content_block_delta'));
  }
  events.push(
    data({ type: 'content_block_stop', index }, 'content_block_stop'),
    data(
      { type: 'message_delta', delta: { stop_reason: p.kind === 'text' ? 'end_turn' : 'tool_use', stop_sequence: null }, usage: { output_tokens: 5 } },
      'message_delta',
    ),
    data({ type: 'message_stop' }, 'message_stop'),
  );
  sse(res, events);
}

// ---- Gemini ---------------------------------------------------------------------------------

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function geminiToolResult(body: Record<string, any>): string | undefined {
  const last = body.contents?.[body.contents.length - 1];
  const fr = last?.parts?.find((p: { functionResponse?: unknown }) => p.functionResponse)?.functionResponse;
  if (!fr) return undefined;
  const r = fr.response ?? {};
  return typeof r.output === 'string' ? r.output : typeof r.result === 'string' ? r.result : JSON.stringify(r);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function geminiAsks(body: Record<string, any>): Asks {
  const decls = (body.tools ?? []).flatMap(
    (t: { functionDeclarations?: Array<{ name: string; parametersJsonSchema?: OfferedTool['schema']; parameters?: OfferedTool['schema'] }> }) =>
      t.functionDeclarations ?? [],
  );
  const g = body.generationConfig ?? {};
  return {
    tools: decls.map((d: { name: string; parametersJsonSchema?: OfferedTool['schema']; parameters?: OfferedTool['schema'] }) => ({
      name: d.name,
      schema: d.parametersJsonSchema ?? d.parameters,
    })),
    json: g.responseMimeType === 'application/json' ? (g.responseJsonSchema ?? g.responseSchema ?? true) : undefined,
  };
}

function geminiHandler(req: RecordedRequest, res: ServerResponse, o: FakeOptions): void {
  if (req.method === 'GET') return send(res, 200, { models: [{ name: 'models/m-text', displayName: 'M', supportedGenerationMethods: ['generateContent'] }] });
  const m = /\/models\/([^:]+):(\w+)/.exec(req.url);
  const model = decodeURIComponent(m?.[1] ?? '');
  const action = m?.[2];
  const body = JSON.parse(req.body);
  if (action === 'countTokens') return send(res, 200, { totalTokens: 42 });
  if (action === 'batchEmbedContents') return send(res, 200, { embeddings: body.requests.map((_r: unknown, i: number) => ({ values: [i, 0.5, -1] })) });
  const refusal = o.strict ? refuseGemini(body, model) : undefined;
  if (refusal) return refuse(res, 'gemini', refusal);
  const p = plan(model, geminiToolResult(body), geminiAsks(body));
  if (p.kind === 'error') {
    return send(
      res,
      p.status,
      {
        error: {
          code: p.status,
          message: p.status === 429 ? 'Resource has been exhausted (e.g. check quota).' : 'API key not valid. Please pass a valid API key.',
          status: p.status === 429 ? 'RESOURCE_EXHAUSTED' : 'UNAUTHENTICATED',
        },
      },
      p.status === 429 ? { 'retry-after': '7' } : {},
    );
  }
  const usage = { promptTokenCount: 11, candidatesTokenCount: 5, totalTokenCount: 16 };
  const cand = (parts: unknown[], finish?: string): unknown => ({ content: { role: 'model', parts }, ...(finish ? { finishReason: finish } : {}), index: 0 });
  const call = p.kind === 'tool' ? { functionCall: { name: p.name, args: JSON.parse(p.pieces.join('') || '{}') } } : undefined;
  const thought = p.reasoning ? [{ text: p.reasoning, thought: true }] : [];
  if (action === 'generateContent') {
    return send(res, 200, {
      candidates: [cand([...thought, ...(call ? [call] : [{ text: (p as { text: string }).text }])], 'STOP')],
      usageMetadata: usage,
      modelVersion: model,
      responseId: 'resp-fake',
    });
  }
  const events: string[] = [];
  if (thought.length) events.push(data({ candidates: [cand(thought)], modelVersion: model, responseId: 'resp-fake' }));
  if (p.kind === 'text') {
    const ps = pieces(p);
    ps.forEach((t, i) =>
      events.push(
        data({
          candidates: [cand([{ text: t }], i === ps.length - 1 ? 'STOP' : undefined)],
          ...(i === ps.length - 1 ? { usageMetadata: usage } : {}),
          modelVersion: model,
          responseId: 'resp-fake',
        }),
      ),
    );
  } else {
    events.push(data({ candidates: [cand([call], 'STOP')], usageMetadata: usage, modelVersion: model, responseId: 'resp-fake' }));
  }
  sse(res, events);
}

const HANDLERS = { openai: openaiHandler, anthropic: anthropicHandler, gemini: geminiHandler };

export interface FakeProvider extends FakeUpstream {
  kind: Kind;
  /** The base URL an upstream config of this kind uses. */
  apiBase: string;
  /** JSON bodies of the model calls received, in order. */
  bodies(): Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface FakeOptions {
  /** Refuse malformed requests with the provider's real 400 (test/fakeBehaviours.ts). */
  strict?: boolean;
  /** openai only: no Responses API (404), like Ollama, vLLM or LM Studio. */
  chatOnly?: boolean;
  /** Wait this long before answering model calls (a slow upstream). */
  delayMs?: number;
  /** Send the response headers at once but wait this long before the first event. */
  stallMs?: number;
}

/** The key a request carries, in whichever header its kind uses. */
function keyOf(req: RecordedRequest): string {
  return String(req.headers['x-api-key'] ?? req.headers['x-goog-api-key'] ?? req.headers.authorization ?? '').replace(/^Bearer /, '');
}

export async function startFakeProvider(t: TestContext, kind: Kind, o: FakeOptions = {}): Promise<FakeProvider> {
  const handler = HANDLERS[kind];
  const revoked = new Set<string>();
  const fake = await startFakeUpstream(t, async (req, res) => {
    if (revoked.has(keyOf(req))) return send(res, 401, { error: { message: 'This API key has been revoked.', type: 'authentication_error', code: 401 } });
    if (req.method === 'POST' && /badkey/.test(req.body + req.url)) revoked.add(keyOf(req));
    if (req.method === 'POST' && o.delayMs) await new Promise((r) => setTimeout(r, o.delayMs));
    if (req.method === 'POST' && o.stallMs && JSON.parse(req.body).stream) {
      const writeHead = res.writeHead.bind(res);
      const write = res.write.bind(res);
      let first = true;
      res.writeHead = ((...args: Parameters<typeof res.writeHead>) => {
        writeHead(...args);
        res.flushHeaders();
        return res;
      }) as typeof res.writeHead;
      // Hold the first event back: the stream is open but silent (a model thinking).
      res.write = ((chunk: string) => {
        if (first) {
          first = false;
          setTimeout(() => write(chunk), o.stallMs);
        } else setTimeout(() => write(chunk), o.stallMs! + 5);
        return true;
      }) as typeof res.write;
      const end = res.end.bind(res);
      res.end = ((chunk?: string) => {
        setTimeout(() => (chunk ? end(chunk) : end()), o.stallMs! + 20);
        return res;
      }) as typeof res.end;
    }
    if (o.chatOnly && req.url.startsWith('/v1/responses'))
      return send(res, 404, { error: { message: 'Not Found', type: 'invalid_request_error', param: null, code: null } });
    return handler(req, res, o);
  });
  return Object.assign(fake, {
    kind,
    apiBase: `${fake.url}${kind === 'gemini' ? '/v1beta' : '/v1'}`,
    bodies: () => fake.requests.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body)),
  });
}

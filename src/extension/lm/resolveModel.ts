// Which editor model serves a requested model name (issue 13), in this order:
//   1. the model whose id is the name (exactly, else ignoring case);
//   2. the closest model of the same family: same line (`claude`, `gpt`, `gemini`, ...), then the
//      most shared tier words (`sonnet`, `codex`, `flash`) and the fewest other ones, then the same
//      version, the same major version, the newest version, the largest context window;
//   3. the user's default model (antigravity.languageModels.defaultModel), when it is available;
//   4. the most capable model: the largest context window (maxInputTokens), then the newest
//      version, then the id (so the choice is stable).
// The reason says which rule applied, for the log. `antigravity.modelAliases` is applied by the
// core before this. Pure: no vscode.
import { ProxyError } from '../../proxy';
import type { InProcessModel } from '../../proxy';
import { compareVersions, parseModelName, type ModelName } from './modelName';

export interface Resolution {
  id: string;
  reason: string;
}

interface FamilyScore {
  /** Tier words the requested name and the model share. */
  shared: string[];
  /** The model's tier words the request does not have (`mini` when `gpt-5` was asked for). */
  other: number;
  /** 2: the same version; 1: the same major version; 0: neither. */
  sameVersion: number;
  version: number[];
}

function familyScore(want: ModelName, have: ModelName): FamilyScore | undefined {
  if (!want.line || have.line !== want.line) return undefined;
  const shared = want.words.filter((w) => have.words.includes(w));
  const other = have.words.filter((w) => !want.words.includes(w)).length;
  const sameVersion = want.version.length === 0 ? 0 : compareVersions(want.version, have.version) === 0 ? 2 : want.version[0] === have.version[0] ? 1 : 0;
  return { shared, other, sameVersion, version: have.version };
}

/** Positive when `a` is the better match. */
function compareScores(a: FamilyScore, b: FamilyScore): number {
  return a.shared.length - b.shared.length || b.other - a.other || a.sameVersion - b.sameVersion || compareVersions(a.version, b.version);
}

/** The model's best score over what names it: its id, its family and its display name. */
function scoreModel(want: ModelName, m: InProcessModel): FamilyScore | undefined {
  let best: FamilyScore | undefined;
  for (const name of [m.id, m.family, m.name]) {
    const s = familyScore(want, parseModelName(name));
    if (s && (!best || compareScores(s, best) > 0)) best = s;
  }
  return best;
}

/** Negative when `a` has the larger context window (sorts it first). */
const byContext = (a: InProcessModel, b: InProcessModel): number => (b.maxInputTokens ?? 0) - (a.maxInputTokens ?? 0);
const byId = (a: InProcessModel, b: InProcessModel): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function sameFamily(requested: string, models: readonly InProcessModel[]): { model: InProcessModel; score: FamilyScore } | undefined {
  const want = parseModelName(requested);
  let best: { model: InProcessModel; score: FamilyScore } | undefined;
  for (const model of models) {
    const score = scoreModel(want, model);
    if (!score) continue;
    const d = best ? compareScores(score, best.score) || -byContext(model, best.model) || -byId(model, best.model) : 1;
    if (d > 0) best = { model, score };
  }
  return best;
}

function newestVersion(m: InProcessModel): number[] {
  const a = parseModelName(m.id).version;
  const b = parseModelName(m.family).version;
  return compareVersions(a, b) >= 0 ? a : b;
}

/** Largest context window, then newest version, then id. */
export function mostCapable(models: readonly InProcessModel[]): InProcessModel | undefined {
  return [...models].sort((a, b) => byContext(a, b) || compareVersions(newestVersion(b), newestVersion(a)) || byId(a, b))[0];
}

const findId = (models: readonly InProcessModel[], id: string): InProcessModel | undefined =>
  models.find((m) => m.id === id) ?? models.find((m) => m.id.toLowerCase() === id.toLowerCase());

export function resolveModel(requested: string, models: readonly InProcessModel[], defaultModel?: string): Resolution {
  const asked = JSON.stringify(requested.slice(0, 200));
  const exact = findId(models, requested);
  if (exact) return { id: exact.id, reason: `${asked} is the id of an editor model` };
  const family = sameFamily(requested, models);
  if (family) {
    const line = parseModelName(requested).line;
    const words = family.score.shared.length ? `, also ${family.score.shared.join(' ')}` : '';
    return { id: family.model.id, reason: `${asked} is not an editor model; ${family.model.id} is the closest one of the same family (${line}${words})` };
  }
  const wanted = defaultModel?.trim();
  const fallback = wanted ? findId(models, wanted) : undefined;
  if (fallback)
    return {
      id: fallback.id,
      reason: `${asked} matches no editor model's family; ${fallback.id} is the default model (antigravity.languageModels.defaultModel)`,
    };
  const best = mostCapable(models);
  if (!best) {
    throw new ProxyError(
      'model_not_found',
      `No language model is available in VS Code, so ${asked} cannot be served. Install and sign in to an extension that provides chat models (GitHub Copilot, for example), or configure an upstream.`,
    );
  }
  const why = wanted ? `the default model ${JSON.stringify(wanted)} is not available, so ` : '';
  return {
    id: best.id,
    reason: `${asked} matches no editor model's family; ${why}${best.id} is the most capable one (largest context window, then newest version)`,
  };
}

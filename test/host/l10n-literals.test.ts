// No user-facing string in src/extension is a bare literal (issue 16): the TypeScript compiler API
// finds every string that reaches the user (notification texts and buttons, quick pick items,
// input boxes, progress titles, status bar text / tooltip / accessibility label...) and every
// English sentence anywhere in the host, and each must go through vscode.l10n.t. Log lines stay
// English (like VS Code's own logs), and so do codes. The checker is tested on a snippet first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const DIR = path.join(__dirname, '..', '..', 'src', 'extension');

/**
 * Strings that are not prose for a user, with why. Keep it short. (The product name, "Antigravity"
 * and "Antigravity Proxy", is the same in every language and never counts as words.)
 */
const ALLOWED = new Map<string, string>([['Reply with one word: hello.', "the test request's prompt to the model, not shown to the user"]]);

/**
 * Files whose sentences go to API clients or the log, never to VS Code's UI, so only rule 1 (what
 * reaches the UI) applies there. Proxy errors are English in every protocol, like the core's.
 */
const NOT_UI_FILES = new Map<string, string>([
  ['lm/errors.ts', "the error bodies an API client gets when the editor's model fails"],
  ['lm/resolveModel.ts', 'which editor model serves a request and why, for the log'],
  ['lm/support.ts', "why the vscode-lm kind is unavailable, for the log and the client's error"],
  ['lm/provider.ts', 'log lines, and who asked in an error body'],
]);

/** Calls whose arguments the user reads. */
const UI_CALLS = /(^|\.)(showInformationMessage|showWarningMessage|showErrorMessage|showQuickPick|showInputBox|withProgress|confirm|input|pick)$/;
/** Properties and assignments the user reads (object literals, `item.text = ...`). */
const UI_PROPS = new Set([
  'label',
  'description',
  'detail',
  'placeHolder',
  'placeholder',
  'prompt',
  'title',
  'tooltip',
  'text',
  'message',
  'validationMessage',
  'keySource',
  'altText',
]);
/** Calls that are not the user's: log lines and errors stay English. */
const NOT_UI_CALLS =
  /(^|\.)(log\.(info|warn|error|debug|trace)|l10n\.t|require|executeCommand|registerCommand|createStatusBarItem|getConfiguration|update|get|store|delete|setContext|writeText|Error|fetch|startsWith|includes|replace|test|match|split|join|padStart|slice|toFixed)$/;

/** The text without codicons ($(name)), URLs, placeholders and the product name. */
function words(s: string): string {
  return s
    .replace(/\$\([\w~-]+\)/g, '')
    .replace(/https?:\/\/\S+/g, '')
    .replace(/\{\d+\}/g, '')
    .replace(/Antigravity( Proxy)?/g, '');
}
/** Words a user reads. */
function hasWords(s: string): boolean {
  return /[A-Za-z]{2,}/.test(words(s));
}
/** An English sentence: two words or more with a space, that is not an id, a path or a header. */
function isSentence(s: string): boolean {
  return /[A-Za-z]{2,}[,:;.!?]?\s+[A-Za-z]{2,}/.test(words(s)) && !/^[\w.-]+$/.test(s);
}

function isL10nCall(n: ts.Node): boolean {
  return ts.isCallExpression(n) && /(^|\.)l10n\.t$/.test(n.expression.getText());
}

interface Finding {
  file: string;
  line: number;
  text: string;
  why: string;
}

function scan(file: string, source: string, uiOnly = false): Finding[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const out: Finding[] = [];
  const consts = new Map<string, ts.Expression>();
  const collect = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer) consts.set(n.name.text, n.initializer);
    ts.forEachChild(n, collect);
  };
  collect(sf);
  const report = (n: ts.Node, text: string, why: string): void => {
    if (ALLOWED.has(text.trim())) return;
    out.push({ file, line: sf.getLineAndCharacterOfPosition(n.getStart()).line + 1, text, why });
  };

  // 1. What reaches the user: every literal with words in it must come from l10n.t.
  const seen = new Set<ts.Node>();
  const mustBeTranslated = (e: ts.Node | undefined, why: string): void => {
    if (!e || seen.has(e)) return;
    seen.add(e);
    if (isL10nCall(e)) return;
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) {
      if (hasWords(e.text)) report(e, e.text, why);
    } else if (ts.isTemplateExpression(e)) {
      const parts = [e.head.text, ...e.templateSpans.map((s) => s.literal.text)].join(' ');
      if (hasWords(parts)) report(e, e.getText(), why);
      for (const s of e.templateSpans) mustBeTranslated(s.expression, why);
    } else if (ts.isConditionalExpression(e)) {
      mustBeTranslated(e.whenTrue, why);
      mustBeTranslated(e.whenFalse, why);
    } else if (ts.isBinaryExpression(e)) {
      mustBeTranslated(e.left, why);
      mustBeTranslated(e.right, why);
    } else if (ts.isParenthesizedExpression(e) || ts.isSpreadElement(e) || ts.isAsExpression(e)) {
      mustBeTranslated(e.expression, why);
    } else if (ts.isArrayLiteralExpression(e)) {
      e.elements.forEach((x) => mustBeTranslated(x, why));
    } else if (ts.isObjectLiteralExpression(e)) {
      for (const p of e.properties) if (ts.isPropertyAssignment(p) && UI_PROPS.has(p.name.getText())) mustBeTranslated(p.initializer, why);
    } else if (ts.isArrowFunction(e)) {
      mustBeTranslated(ts.isBlock(e.body) ? undefined : e.body, why);
    } else if (ts.isIdentifier(e)) {
      mustBeTranslated(consts.get(e.text), why);
    }
  };
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && UI_CALLS.test(n.expression.getText()))
      n.arguments.forEach((a) => mustBeTranslated(a, `argument of ${n.expression.getText()}`));
    if (ts.isPropertyAssignment(n) && UI_PROPS.has(n.name.getText())) mustBeTranslated(n.initializer, `property ${n.name.getText()}`);
    if (
      ts.isBinaryExpression(n) &&
      n.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(n.left) &&
      UI_PROPS.has(n.left.name.text)
    ) {
      mustBeTranslated(n.right, `assignment to .${n.left.name.text}`);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);

  // 2. Anywhere else: an English sentence outside l10n.t, a log line or an error is a regression.
  const sentences = (n: ts.Node, exempt: boolean): void => {
    if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n) || ts.isTypeNode(n)) return;
    if (ts.isCallExpression(n) && (isL10nCall(n) || NOT_UI_CALLS.test(n.expression.getText()))) exempt = true;
    if (ts.isNewExpression(n) && /Error$/.test(n.expression.getText())) exempt = true;
    if (!exempt && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) && isSentence(n.text)) report(n, n.text, 'English sentence outside l10n.t');
    if (!exempt && ts.isTemplateExpression(n)) {
      const parts = [n.head.text, ...n.templateSpans.map((s) => s.literal.text)].join(' x ');
      if (isSentence(parts)) report(n, n.getText(), 'English sentence outside l10n.t');
    }
    ts.forEachChild(n, (c) => sentences(c, exempt));
  };
  if (!uiOnly) sentences(sf, false);
  return out.filter((f, i) => out.findIndex((g) => g.line === f.line && g.text === f.text) === i);
}

test('the checker catches bare user-facing strings (a regression it must find)', () => {
  const found = scan(
    'snippet.ts',
    `import * as vscode from 'vscode';
     const copy = 'Copy Report';
     void vscode.window.showInformationMessage('Proxy started.', copy);
     void vscode.window.showWarningMessage(vscode.l10n.t('Fine.'), 'Retry');
     item.tooltip = \`Running on \${url}\`;
     const items = [{ label: '$(play) Start', id: 1 }];
     void vscode.window.showQuickPick(items, { placeHolder: 'Pick one' });
     const hint = 'Leave it empty to remove the key';
     log.info('Started on port 1');
     throw new Error('not a user string at all');
     item.text = '$(sync~spin)';`,
  );
  assert.deepEqual(
    found.map((f) => f.text),
    ['Proxy started.', 'Copy Report', 'Retry', '`Running on ${url}`', '$(play) Start', 'Pick one', 'Leave it empty to remove the key'],
  );
});

test('no user-facing string in src/extension is a bare literal: each goes through vscode.l10n.t', () => {
  const files = fs.readdirSync(DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  assert.ok(files.length > 10);
  const found = files.flatMap((f) => scan(f, fs.readFileSync(path.join(DIR, f), 'utf8'), NOT_UI_FILES.has(f.split(path.sep).join('/'))));
  for (const f of NOT_UI_FILES.keys())
    assert.ok(
      files.some((x) => x.split(path.sep).join('/') === f),
      `${f} in NOT_UI_FILES exists`,
    );
  assert.deepEqual(
    found.map((f) => `${f.file}:${f.line} ${f.why}: ${f.text}`),
    [],
  );
});

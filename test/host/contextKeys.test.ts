// The context keys per phase and the `when` clauses built from the command table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import './vscodeMock';
import { contextValues, isVisible, whenClause, type ContextValues } from '../../src/extension/contextKeys';
import { COMMANDS, CommandId } from '../../src/extension/commands';
import type { Phase } from '../../src/extension/statusView';

const PHASES: Phase[] = ['stopped', 'starting', 'running', 'unhealthy', 'failed', 'peer'];
const visibleIn = (id: CommandId, ctx: ContextValues): boolean => isVisible(COMMANDS.find((c) => c.id === id)!.visible, ctx);

test('each phase sets the keys: running (also when unhealthy), stopped (on purpose), served by another window', () => {
  const on = (p: Phase) =>
    Object.entries(contextValues(p, 'off'))
      .filter(([, v]) => v)
      .map(([k]) => k);
  assert.deepEqual(Object.fromEntries(PHASES.map((p) => [p, on(p)])), {
    stopped: ['stopped'],
    starting: [],
    running: ['running'],
    unhealthy: ['running'],
    failed: [],
    peer: ['servedElsewhere'],
  });
  assert.equal(contextValues('stopped', 'off').keyRequired, false);
  for (const mode of ['strict', 'all_except_health'] as const) assert.equal(contextValues('stopped', mode).keyRequired, true);
});

test('Start Proxy only when nothing serves and nothing waits; Stop Proxy whenever this window serves or waits', () => {
  const start = PHASES.filter((p) => visibleIn(CommandId.StartProxy, contextValues(p, 'off')));
  const stop = PHASES.filter((p) => visibleIn(CommandId.StopProxy, contextValues(p, 'off')));
  const restart = PHASES.filter((p) => visibleIn(CommandId.RestartProxy, contextValues(p, 'off')));
  assert.deepEqual(start, ['stopped', 'starting', 'failed']);
  assert.deepEqual(stop, ['starting', 'running', 'unhealthy', 'failed', 'peer']);
  assert.deepEqual(restart, ['running', 'unhealthy']);
  assert.equal(visibleIn(CommandId.CopyKey, contextValues('running', 'off')), false);
  assert.equal(visibleIn(CommandId.CopyKey, contextValues('running', 'strict')), true);
  assert.equal(visibleIn(CommandId.CopyBaseUrl, contextValues('stopped', 'off')), true, 'no clause: always');
});

test('a when clause is the conjunction VS Code evaluates', () => {
  assert.equal(whenClause({ unless: ['running', 'servedElsewhere'] }), '!antigravity.running && !antigravity.servedElsewhere');
  assert.equal(whenClause({ when: ['running', 'keyRequired'], unless: ['stopped'] }), 'antigravity.running && antigravity.keyRequired && !antigravity.stopped');
});

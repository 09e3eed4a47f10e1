// Every declared lifecycle is consistent with its resource: the events its
// transitions say they record are event types the resource declares, its duration
// settings have defaults that `--lifecycle` accepts, and no two lifecycles share a
// timer kind.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LIFECYCLE_DEFAULTS, RESOURCES } from '../src/resources/index.js';
import { loadConfig } from '../src/config.js';

describe('declared lifecycles', () => {
  it('record only event types their resource declares', () => {
    const wrong: string[] = [];
    for (const r of RESOURCES) {
      for (const l of r.lifecycles ?? []) {
        for (const { kind, transition } of l.describe()) {
          for (const e of transition.records ?? []) if (!(e in r.eventTypes)) wrong.push(`${r.name}: ${kind} records ${e}`);
        }
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('have timer kinds of their own and settings the command line knows', () => {
    const kinds = RESOURCES.flatMap((r) => (r.lifecycles ?? []).flatMap((l) => l.describe().map((d) => d.kind)));
    assert.equal(new Set(kinds).size, kinds.length, `a timer kind is declared twice: ${kinds.join(', ')}`);
    assert.ok(kinds.includes('cluster.ready') && kinds.includes('serverless.backup'));
    for (const r of RESOURCES) {
      for (const l of r.lifecycles ?? []) {
        for (const { transition } of l.describe()) {
          if (transition.duration) assert.ok(transition.duration in LIFECYCLE_DEFAULTS, transition.duration);
        }
      }
    }
    assert.equal(loadConfig(['--lifecycle', 'serverless.snapshot=PT10S'], {}).lifecycle['serverless.snapshot'], 10_000);
  });
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, describe, it } from 'node:test';
import { MemoryStore } from '../src/platform/store/memory.js';
import { SqliteStore } from '../src/platform/store/sqlite.js';
import type { Store, StoredEvent } from '../src/platform/store/types.js';
import { tempDir } from './helpers.js';

// One storage contract, both backends: what the domain code may rely on.

interface Doc {
  id: string;
  name: string;
  n: number;
}

// Only what every backend stores for any event; how feeds are queried is the events module's to test.
const event = (id: string, created: number, groupId: string | null, type = 'GROUP_CREATED') =>
  ({ id, created, eventTypeName: type, groupId, orgId: 'org', clusterName: null, orgLevel: groupId === null, data: { id, eventTypeName: type } }) as StoredEvent;

const dirs: string[] = [];
after(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const BACKENDS: [string, () => Store][] = [
  ['memory', () => new MemoryStore()],
  [
    'sqlite',
    () => {
      const dir = tempDir();
      dirs.push(dir);
      return SqliteStore.open(dir);
    },
  ],
];

for (const [backend, open] of BACKENDS) {
  describe(`store contract: ${backend}`, () => {
    it('reads what a committed write stored, by id, by name and by parent', async () => {
      const store = open();
      await store.write(async (tx) => {
        await tx.put('things', 'a', { id: 'a', name: 'alpha', n: 1 }, { parent: 'p1', name: 'alpha' });
        await tx.put('things', 'b', { id: 'b', name: 'beta', n: 2 }, { parent: 'p1', name: 'beta' });
        await tx.put('things', 'c', { id: 'c', name: 'gamma', n: 3 }, { parent: 'p2', name: 'gamma' });
      });
      assert.deepEqual(await store.get<Doc>('things', 'a'), { id: 'a', name: 'alpha', n: 1 });
      assert.equal(await store.get('things', 'zz'), undefined);
      assert.equal((await store.getByName<Doc>('things', 'p1', 'beta'))?.id, 'b');
      assert.equal(await store.getByName('things', 'p2', 'beta'), undefined);
      assert.equal(await store.count('things', 'p1'), 2);
      assert.equal(await store.count('things', undefined), 3);
      const page = await store.list<Doc>('things', 'p1', { offset: 1, limit: 1 });
      assert.deepEqual(page.items.map((d) => d.id), ['b']);
      assert.equal(page.total, 2);
      assert.deepEqual((await store.list<Doc>('things', undefined)).items.map((d) => d.id), ['a', 'b', 'c']);
      await store.close();
    });

    it('never serves a read older than the last commit (repeated reads included)', async () => {
      const store = open();
      const put = (n: number, name: string) =>
        store.write((tx) => tx.put('things', 'a', { id: 'a', name, n }, { parent: 'p', name }));
      await put(1, 'one');
      // Read twice so that any read cache is warm before each change.
      for (let n = 2; n <= 4; n++) {
        assert.equal((await store.get<Doc>('things', 'a'))?.n, n - 1);
        assert.equal((await store.get<Doc>('things', 'a'))?.n, n - 1);
        await put(n, `name-${n}`);
        assert.equal((await store.get<Doc>('things', 'a'))?.n, n);
        assert.equal((await store.getByName<Doc>('things', 'p', `name-${n}`))?.n, n);
        assert.equal(await store.getByName('things', 'p', n === 2 ? 'one' : `name-${n - 1}`), undefined, 'the old name is free');
      }
      assert.equal(await store.count('things', 'p'), 1);
      await store.write((tx) => tx.put('things', 'b', { id: 'b', name: 'b', n: 0 }, { parent: 'p' }));
      assert.equal(await store.count('things', 'p'), 2);
      await store.write((tx) => tx.delete('things', 'a'));
      assert.equal(await store.get('things', 'a'), undefined);
      assert.equal(await store.count('things', 'p'), 1);
      await store.write((tx) => tx.deleteChildren('things', 'p'));
      assert.equal(await store.count('things', 'p'), 0);
      assert.equal(await store.get('things', 'b'), undefined);
      await store.close();
    });

    it('hands out copies: changing a returned document changes nothing stored', async () => {
      const store = open();
      await store.write((tx) => tx.put('things', 'a', { id: 'a', name: 'alpha', n: 1 }, { parent: null }));
      const first = (await store.get<Doc>('things', 'a'))!;
      first.n = 99;
      assert.equal((await store.get<Doc>('things', 'a'))?.n, 1);
      await store.close();
    });

    it('rolls back every write of a transaction that throws', async () => {
      const store = open();
      await store.write(async (tx) => {
        await tx.put('things', 'a', { id: 'a', name: 'alpha', n: 1 }, { parent: 'p', name: 'alpha' });
        await tx.appendEvent(event('e1', 1000, 'g'));
      });
      await assert.rejects(
        store.write(async (tx) => {
          await tx.put('things', 'a', { id: 'a', name: 'changed', n: 2 }, { parent: 'p', name: 'changed' });
          await tx.put('things', 'b', { id: 'b', name: 'beta', n: 3 }, { parent: 'p', name: 'beta' });
          await tx.delete('things', 'a');
          await tx.appendEvent(event('e2', 2000, 'g'));
          await tx.setMeta('k', 'v');
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.deepEqual(await store.get('things', 'a'), { id: 'a', name: 'alpha', n: 1 });
      assert.equal(await store.get('things', 'b'), undefined);
      assert.equal((await store.getByName<Doc>('things', 'p', 'alpha'))?.id, 'a');
      assert.equal(await store.count('things', 'p'), 1);
      assert.ok(await store.getEvent('e1'));
      assert.equal(await store.getEvent('e2'), undefined);
      assert.equal(await store.getMeta('k'), undefined);
      await store.close();
    });

    it('keeps names unique per parent', async () => {
      const store = open();
      await store.write((tx) => tx.put('things', 'a', { id: 'a' }, { parent: 'p', name: 'same' }));
      await assert.rejects(store.write((tx) => tx.put('things', 'b', { id: 'b' }, { parent: 'p', name: 'same' })));
      await store.write((tx) => tx.put('things', 'c', { id: 'c' }, { parent: 'q', name: 'same' }));
      assert.equal(await store.count('things', undefined), 2);
      await store.close();
    });

    it('keeps timers in due order and cancels them by resource', async () => {
      const store = open();
      await store.write(async (tx) => {
        await tx.schedule({ id: 't2', due: 2000, kind: 'k', ref: 'r1', data: { x: 1 } });
        await tx.schedule({ id: 't1', due: 1000, kind: 'k', ref: 'r2', data: {} });
        await tx.schedule({ id: 't3', due: 3000, kind: 'other', ref: 'r1', data: {} });
      });
      assert.equal(await store.nextTimerDue(), 1000);
      assert.deepEqual((await store.dueTimers(2000, 10)).map((t) => t.id), ['t1', 't2']);
      assert.deepEqual((await store.dueTimers(2000, 10))[1]!.data, { x: 1 });
      await store.write((tx) => tx.cancelTimers('r1', 'k'));
      assert.deepEqual((await store.dueTimers(5000, 10)).map((t) => t.id), ['t1', 't3']);
      await store.write(async (tx) => {
        await tx.cancelTimers('r1');
        await tx.removeTimer('t1');
      });
      assert.equal(await store.nextTimerDue(), undefined);
      await store.close();
    });

    it('clears everything but the collections and meta keys asked to keep', async () => {
      const store = open();
      await store.write(async (tx) => {
        await tx.put('keep', 'a', { id: 'a' }, { parent: null });
        await tx.put('drop', 'b', { id: 'b' }, { parent: null });
        await tx.setMeta('kept', '1');
        await tx.setMeta('dropped', '2');
        await tx.appendEvent(event('e1', 1000, null));
        await tx.schedule({ id: 't', due: 1, kind: 'k', ref: 'r', data: {} });
      });
      assert.ok(await store.get('drop', 'b'));
      await store.clear(['keep'], ['kept']);
      assert.ok(await store.get('keep', 'a'));
      assert.equal(await store.get('drop', 'b'), undefined);
      assert.equal(await store.count('drop', undefined), 0);
      assert.equal(await store.getMeta('kept'), '1');
      assert.equal(await store.getMeta('dropped'), undefined);
      assert.equal(await store.getEvent('e1'), undefined);
      assert.equal(await store.nextTimerDue(), undefined);
      await store.close();
    });

    it('dumps all state and loads it into any backend, replacing what was there; a failed load changes nothing', async () => {
      const store = open();
      await store.write(async (tx) => {
        await tx.put('things', 'b', { id: 'b', name: 'beta', n: 2 }, { parent: 'p1', name: 'beta' });
        await tx.put('things', 'a', { id: 'a', name: 'alpha', n: 1 }, { parent: 'p1', name: 'alpha' });
        await tx.put('other', 'x', { id: 'x' }, { parent: null });
        await tx.appendEvent(event('e2', 2000, 'g1'));
        await tx.appendEvent(event('e1', 1000, 'g1'));
        await tx.schedule({ id: 't1', due: 5000, kind: 'k', ref: 'a', data: { step: 1 } });
        await tx.setMeta('m', 'v');
      });
      const dump = await store.dump();
      assert.deepEqual(dump.docs.things!.map((d) => d.id), ['b', 'a'], 'insertion order');
      assert.deepEqual(dump.docs.things![0], { id: 'b', parent: 'p1', name: 'beta', data: { id: 'b', name: 'beta', n: 2 } });
      assert.deepEqual(dump.events.map((e) => e.id), ['e1', 'e2']);
      assert.deepEqual(dump.timers, [{ id: 't1', due: 5000, kind: 'k', ref: 'a', data: { step: 1 } }]);
      assert.equal(dump.meta.m, 'v');
      for (const [, openOther] of BACKENDS) {
        const target = openOther();
        await target.write((tx) => tx.put('stale', 's', { id: 's' }, { parent: null }));
        await target.load(dump);
        assert.deepEqual(await target.dump(), dump);
        assert.equal(await target.get('stale', 's'), undefined, 'what was there is gone');
        assert.equal((await target.getByName<Doc>('things', 'p1', 'alpha'))?.id, 'a');
        assert.equal(await target.nextTimerDue(), 5000);
        assert.equal((await target.queryEvents({ feed: { groupId: 'g1' }, offset: 0, limit: 10, includeCount: true })).total, 2);
        const broken = structuredClone(dump);
        broken.docs.things!.push({ id: 'c', parent: 'p1', name: 'alpha', data: { id: 'c' } });
        await assert.rejects(target.load(broken));
        assert.deepEqual(await target.dump(), dump, 'a load that fails changes nothing');
        await target.close();
      }
      await store.close();
    });
  });
}

describe('store: sqlite durability', () => {
  it('finds committed state after reopening', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const first = SqliteStore.open(dir);
    await first.write(async (tx) => {
      await tx.put('things', 'a', { id: 'a', n: 1 }, { parent: null, name: 'a' });
      await tx.appendEvent(event('e1', 1000, 'g'));
      await tx.setMeta('k', 'v');
    });
    await first.close();
    const second = SqliteStore.open(dir);
    assert.deepEqual(await second.getByName('things', null, 'a'), { id: 'a', n: 1 });
    assert.equal((await second.getEvent('e1'))?.groupId, 'g');
    assert.equal(await second.getMeta('k'), 'v');
    await second.close();
  });
});

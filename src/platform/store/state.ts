import type { StateDump, Tx } from './types.js';

/** Writes a dump into an empty transaction: the part of `load` every backend shares. */
export async function fillState(tx: Tx, state: StateDump): Promise<void> {
  for (const [collection, docs] of Object.entries(state.docs)) {
    for (const d of docs) await tx.put(collection, d.id, d.data, { parent: d.parent, name: d.name });
  }
  for (const e of state.events) await tx.appendEvent(e);
  for (const t of state.timers) await tx.schedule(t);
  for (const [k, v] of Object.entries(state.meta)) await tx.setMeta(k, v);
}

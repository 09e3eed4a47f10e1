import { defineLifecycle } from '../../platform/sim/lifecycle.js';
import { getProject } from '../projects/projects.js';
import { SEARCH_INDEXES } from './collections.js';
import { recordEvent } from './events.js';
import { parentOf, type IndexStatus, type SearchIndexDoc } from './model.js';

// A staged definition waits for the search process to pick it up (PENDING), is
// built (BUILDING), then becomes the one queries use (READY).
export const searchIndexLifecycle = defineLifecycle<SearchIndexDoc, 'build' | 'ready'>({
  name: 'searchIndex',
  load: ({ tx }, timer) => tx.get<SearchIndexDoc>(SEARCH_INDEXES, timer.ref),
  state: { get: (i) => i.status, set: (i, s) => (i.status = s as IndexStatus) },
  states: ['PENDING', 'BUILDING', 'READY'],
  durations: { 'searchIndex.build': 10_000, 'searchIndex.ready': 60_000 },
  transitions: {
    build: {
      duration: 'searchIndex.build',
      from: ['PENDING'],
      to: 'BUILDING',
      async run(cmd, i) {
        await cmd.tx.put(SEARCH_INDEXES, i.id, i, { parent: parentOf(i.groupId, i.clusterName), name: null });
        await searchIndexLifecycle.start(cmd, 'ready', i.id);
      },
    },
    ready: {
      duration: 'searchIndex.ready',
      from: ['BUILDING'],
      to: 'READY',
      records: ['FTS_INDEX_BUILD_COMPLETE'],
      async run({ tx, now, actor }, i) {
        i.built = i.latest;
        await tx.put(SEARCH_INDEXES, i.id, i, { parent: parentOf(i.groupId, i.clusterName), name: null });
        const project = await getProject(tx, i.groupId);
        await recordEvent(tx, {
          type: 'FTS_INDEX_BUILD_COMPLETE',
          at: now,
          actor,
          orgId: project.orgId,
          groupId: i.groupId,
          raw: { clusterName: i.clusterName, database: i.database, collectionName: i.collectionName, indexName: i.name, indexId: i.id },
        });
      },
    },
  },
});

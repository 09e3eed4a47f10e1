import type { Reader } from '../../platform/store/types.js';
import { storedDatabases, type DatabaseDoc } from '../monitoring/databases.js';
import { hashUnit } from '../monitoring/series.js';
import { indexedFields } from './rollingIndex.js';

// The workload the performance advisor reads: each user collection of a cluster's
// databases (the ones the monitoring model serves) runs one query shape, slow
// enough to be logged once an hour at a moment fixed by a hash of the cluster and
// the namespace. Everything follows from the stored databases and the clock, so the
// same state and time always give the same advice.

/** The collections of Atlas's sample datasets, each with the fields its slow query filters on. */
const SAMPLE_COLLECTIONS: Record<string, Record<string, [string, string]>> = {
  sample_airbnb: { listingsAndReviews: ['property_type', 'beds'] },
  sample_analytics: { accounts: ['limit', 'products'], customers: ['username', 'birthdate'], transactions: ['account_id', 'transaction_count'] },
  sample_geospatial: { shipwrecks: ['feature_type', 'depth'] },
  sample_guides: { planets: ['hasRings', 'orderFromSun'] },
  sample_mflix: {
    comments: ['movie_id', 'date'], embedded_movies: ['genres', 'year'], movies: ['year', 'title'],
    sessions: ['user_id', 'jwt'], theaters: ['theaterId', 'location.address.city'], users: ['email', 'name'],
  },
  sample_restaurants: { neighborhoods: ['name', 'geometry'], restaurants: ['cuisine', 'borough'] },
  sample_supplies: { sales: ['storeLocation', 'saleDate'] },
  sample_training: {
    companies: ['category_code', 'founded_year'], grades: ['student_id', 'class_id'], inspections: ['result', 'date'],
    posts: ['author', 'date'], routes: ['src_airport', 'airline.name'], trips: ['start station id', 'tripduration'], zips: ['state', 'pop'],
  },
  sample_weatherdata: { data: ['ts', 'position'] },
};

export interface Collection {
  db: DatabaseDoc;
  namespace: string;
  collection: string;
  /** The equality field and the range/sort field of its query shape. */
  fields: [string, string];
  documents: number;
  /** How the query runs today: a fraction of the documents it examines per document returned. */
  selectivity: number;
  /** Stable per cluster and namespace, in [0, 1). */
  hash: number;
}

/** The user collections of a cluster at `at`, by namespace. */
export async function collectionsOf(r: Reader, cluster: { id: string; groupId: string; name: string }, at: number): Promise<Collection[]> {
  const dbs = (await storedDatabases(r, cluster)).filter((d) => d.visibleFrom <= at).sort((a, b) => (a.name < b.name ? -1 : 1));
  const indexed = await indexedFields(r, cluster, at);
  const out: Collection[] = [];
  for (const db of dbs) {
    const known = SAMPLE_COLLECTIONS[db.name];
    const names = known ? Object.keys(known) : Array.from({ length: Math.max(1, db.collections) }, (_, i) => `collection${i}`);
    for (const name of names) {
      const namespace = `${db.name}.${name}`;
      const fields = known?.[name] ?? (['status', 'createdAt'] as [string, string]);
      // A built index on the filter field serves the query: it is no longer slow.
      if (indexed.get(namespace)?.has(fields[0])) continue;
      const hash = hashUnit(`${cluster.id}/${namespace}`);
      out.push({
        db,
        namespace,
        collection: name,
        fields,
        documents: Math.max(1, Math.round(db.objects / names.length)),
        selectivity: 0.001 + hash * 0.05,
        hash,
      });
    }
  }
  return out;
}

const HOUR = 3_600_000;

export interface SlowQuery {
  ts: number;
  namespace: string;
  collection: string;
  filter: Record<string, unknown>;
  sort: Record<string, 1 | -1>;
  docsExamined: number;
  docsReturned: number;
  keysExamined: number;
  millis: number;
  responseLength: number;
  yields: number;
}

/** One slow query per collection per hour in [since, until], the newest first. */
export function slowQueries(cols: Collection[], since: number, until: number): SlowQuery[] {
  const out: SlowQuery[] = [];
  for (const c of cols) {
    const offset = Math.floor(c.hash * HOUR);
    for (let slot = Math.floor((since - offset) / HOUR) * HOUR + offset; slot <= until; slot += HOUR) {
      if (slot < since) continue;
      const jitter = hashUnit(`${c.namespace}@${slot}`);
      const returned = Math.max(1, Math.round(c.documents * c.selectivity * (0.5 + jitter)));
      out.push({
        ts: slot,
        namespace: c.namespace,
        collection: c.collection,
        filter: { [c.fields[0]]: `value${Math.floor(jitter * 100)}` },
        sort: { [c.fields[1]]: -1 },
        docsExamined: c.documents,
        docsReturned: returned,
        keysExamined: 0,
        millis: 100 + Math.round(c.documents / 50 + jitter * 400),
        responseLength: Math.round(returned * c.db.avgObjSize),
        yields: Math.floor(c.documents / 1000),
      });
    }
  }
  return out.sort((a, b) => b.ts - a.ts || (a.namespace < b.namespace ? -1 : 1));
}

/** Collections the advisor would index: those whose queries read the most documents per result. */
export const needsIndex = (c: Collection): boolean => c.documents >= 1000;

// Object identity lookup designs, measured in isolation (issue 9, hot13): what one identity hit
// and one first sight cost for each way the recorder could find an object's entry, by how many
// hidden classes (maps) the lookup site sees. identity.ts uses the private-field stamp (`#e in o`
// then `o.#e`) behind a memo of the last four objects; this bench prices the alternatives the
// issue proposed against it. It runs plain Node, no recorder: it knows nothing of entries' meaning.
//
// Each design is a separate function compiled from its own source text (its own inline caches),
// timed on the main thread's CPU (schedstat, so a loaded machine blurs it less than wall time);
// each figure is the minimum over interleaved rounds, in ns per lookup, with the bare loop
// (`loop`: the same array walk, no lookup) subtracted.
//
// Environment: BENCH_ROUNDS (7), BENCH_MAPS (classes seen by the site, default "1,2,4,8,16"),
// BENCH_LOOKUPS (per timed run, default 4M), BENCH_MISSES (first sights per timed run, default 100K).
import { readFileSync } from 'node:fs';

const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const mapCounts = (process.env.BENCH_MAPS ?? '1,2,4,8,16').split(',').map(Number);
const lookupsPerRun = Number(process.env.BENCH_LOOKUPS ?? 4_000_000);
const missesPerRun = Number(process.env.BENCH_MISSES ?? 100_000);
/** Objects the site walks: a small working set, as a program's recent objects are (cache-resident). */
const WORKING_SET = 512;
/** Per-site copies of the check: sites the program's probes would be spread over. */
const SITES = 64;

function mainCpuNs() {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]);
  } catch {
    return Number(process.hrtime.bigint());
  }
}

/** The stamp as identity.ts has it: a return-override base class adds a private field to any object. */
class ReturnsItsArgument {
  constructor(target) {
    return target;
  }
}
class Stamp extends ReturnsItsArgument {
  #entry;
  constructor(target, entry) {
    super(target);
    this.#entry = entry;
  }
  static has(target) {
    return #entry in target;
  }
  static read(target) {
    return target.#entry;
  }
  /** The brand check and the read in one function (the same two operations, one call). */
  static lookup(target) {
    return #entry in target ? target.#entry : undefined;
  }
  /** One operation on a hit; a first sight throws (a TypeError with its stack captured). */
  static tryRead(target) {
    try {
      return target.#entry;
    } catch {
      return undefined;
    }
  }
  /** A copy of lookup with its own inline caches (direct eval sees the private name): one per site. */
  static lookupCopy(site) {
    return eval(`(target) => (#entry in target ? target.#entry : undefined) /* site ${site} */`);
  }
}

function classesOf(count) {
  const classes = [];
  for (let index = 0; index < count; index++) {
    // Distinct classes with distinct shapes, as a program's objects are.
    classes.push(new Function(`return class C${index} { constructor(i) { this.a = i; this.f${index} = i; } }`)());
  }
  return classes;
}

/** One timed loop per design, compiled from its own text so no two designs share feedback. */
function hitLoop(expression) {
  return new Function(
    'Stamp',
    'map',
    'sites',
    'objects',
    'order',
    'count',
    `let sum = 0;
     for (let index = 0; index < count; index++) {
       const slot = order[index & ${WORKING_SET * 8 - 1}];
       const o = objects[slot];
       const site = slot & ${SITES - 1};
       sum += (${expression}) | 0;
     }
     return sum;`,
  );
}

const HIT_DESIGNS = {
  loop: 'site',
  propertyLoad: 'o.a',
  stampHasRead: 'Stamp.has(o) ? Stamp.read(o) : -1',
  stampLookup: 'Stamp.lookup(o)',
  stampTryRead: 'Stamp.tryRead(o)',
  weakMap: 'map.get(o)',
  perSiteCopies: 'sites[site](o)',
};

function measureHits(mapCount) {
  const classes = classesOf(mapCount);
  const objects = [];
  const map = new WeakMap();
  for (let index = 0; index < WORKING_SET; index++) {
    // Per-site copies: a site sees one class when there are at least as many sites as classes.
    const object = new classes[index % mapCount](index);
    new Stamp(object, index + 1);
    map.set(object, index + 1);
    objects.push(object);
  }
  const order = new Int32Array(WORKING_SET * 8);
  for (let index = 0; index < order.length; index++) order[index] = (index * 2654435761) % WORKING_SET;
  const sites = [];
  for (let site = 0; site < SITES; site++) sites.push(Stamp.lookupCopy(site));
  const loops = Object.fromEntries(Object.entries(HIT_DESIGNS).map(([name, text]) => [name, hitLoop(text)]));
  const best = {};
  for (let round = 0; round < rounds; round++) {
    for (const [name, loop] of Object.entries(loops)) {
      const before = mainCpuNs();
      loop(Stamp, map, sites, objects, order, lookupsPerRun);
      const ns = (mainCpuNs() - before) / lookupsPerRun;
      best[name] = Math.min(best[name] ?? Infinity, ns);
    }
  }
  return best;
}

/** First sights: the lookup misses and the object is given its entry (what a new object costs). */
const MISS_DESIGNS = {
  loop: () => 0,
  stamp: (o, entry) => {
    if (Stamp.has(o)) return Stamp.read(o);
    new Stamp(o, entry);
    return entry;
  },
  stampTryRead: (o, entry) => {
    const known = Stamp.tryRead(o);
    if (known !== undefined) return known;
    new Stamp(o, entry);
    return entry;
  },
  weakMap: (o, entry, map) => {
    const known = map.get(o);
    if (known !== undefined) return known;
    map.set(o, entry);
    return entry;
  },
};

function measureMisses() {
  const best = {};
  for (let round = 0; round < rounds; round++) {
    for (const [name, firstSight] of Object.entries(MISS_DESIGNS)) {
      const objects = [];
      for (let index = 0; index < missesPerRun; index++) objects.push({ a: index });
      const map = new WeakMap();
      const before = mainCpuNs();
      for (let index = 0; index < missesPerRun; index++) firstSight(objects[index], index + 1, map);
      const ns = (mainCpuNs() - before) / missesPerRun;
      best[name] = Math.min(best[name] ?? Infinity, ns);
    }
  }
  return best;
}

const loadAverage = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(
  `Node ${process.version}, load average ${loadAverage}, ${rounds} rounds, minimum ns per lookup (bare loop subtracted)`,
);
const names = Object.keys(HIT_DESIGNS).filter((name) => name !== 'loop');
console.log(`| maps at the site | ${names.join(' | ')} |`);
console.log(`|---|${names.map(() => '---').join('|')}|`);
for (const mapCount of mapCounts) {
  const best = measureHits(mapCount);
  console.log(`| ${mapCount} | ${names.map((name) => Math.max(0, best[name] - best.loop).toFixed(1)).join(' | ')} |`);
}
const misses = measureMisses();
const missNames = Object.keys(MISS_DESIGNS).filter((name) => name !== 'loop');
console.log(
  `first sight (lookup that misses + entry stored), ns: ${missNames.map((name) => `${name} ${(misses[name] - misses.loop).toFixed(0)}`).join(', ')}`,
);

// TR-08: the bytes of the format may not change while its version stays the same. Two guards,
// each a SHA-256 stored here with the versions it belongs to:
//  - framing: the file header and every record type, written by runtime/format/recordWriter.ts;
//  - base layouts: the 16 base kinds' numbers and fields as runtime/format/baseKinds.ts declares them;
//  - EXT layouts: every subkind's number, version and fields as runtime/format/extKinds.ts declares them;
//  - events: the event words the real recorder writes for a fixed program that uses every value
//    encoding (fixtures/encoding-sample.cjs), recorded end to end (needs `npm run build`).
// A deliberate change bumps FORMAT_MAJOR/MINOR (or INSTRUMENTER_VERSION when only probe
// numbering moved) and updates GOLDEN below; the failure message prints the new hash.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BASE_KIND_NAMES,
  BASE_KINDS,
  COMPACT_BIT,
  frameAfter,
  ValueTag,
  valueWord,
  decodeEventWords,
  EventKind,
  eventEnd,
  Ext,
  EXT_KINDS,
  EXT_NAMES,
  headerProbe,
  FORMAT_MAJOR,
  FORMAT_MINOR,
  headerKind,
  holdsEvents,
  INSTRUMENTER_VERSION,
  storedEventEnd,
  readTrace,
  RecordFlag,
  RecordType,
  type TraceHeader,
} from '../../../runtime/format';
import { encodeFileHeader, encodeRecord, jsonPayload } from '../../../runtime/format/recordWriter';
import { launchRecorded, recorderSettings } from '../../../debug-adapter/recording';
import * as helper from '../../support/traceFile';
import { concatBytes } from '../../support/traceFile';

const GOLDEN = {
  formatMajor: 3,
  formatMinor: 19,
  // 7: format-2 shapes (literal ids, aliases, scoped writes) with source marks and temp-free mutator calls.
  // 8: a bindingless catch names its frame (a nameless write); builtins writing through an argument
  // are wrapped in <rt>.mb (re-snapshot) (branch correct); TypeScript namespaces, accessor fields,
  // import =/export = emitted (branch fidelity, no JavaScript change); a return with nothing between
  // it and its frame's exit calls r (its probe says endsFrame), one before a finally rf (branch hotpath).
  // 9: a mutator call on a property path keeps the program's callee, its receiver named by <rt>.dp data
  // reads (branch fidelity, issue 14 item 4); reads of process.env wrapped in <rt>.envRead (branch flight).
  // Also 9: a function's parameters are folded into its ENTER call (e1…e4, em1…em4), the same events (branch hpenter).
  // 10: a PROP_SET whose target is the running function's own `this` passes that frame's cached
  // identity entry (`<prefix>o<n>=<rt>.thisEntry(<prefix>o<n>,this)`), the same events (branch perfhot, issue 9).
  // Also 10: the program's own `x.emit(…)` calls are wrapped as <rt>.emitEnd(<rt>.emitStart("name"), x.emit(…)) (EMIT,
  // issue 11 item 4).
  // Also 10: `super.emit(…)` and optional chains' emits (`x?.emit(…)`, wrapped whole) too (branch multi).
  // Also 10: TypeScript legacy decorators lowered after their class (issue 14 item 8); a mutator call's receiver
  // held in a temp goes through <rt>.cr, which throws V8's own message for it (branch fidelity, issue 14 item 4).
  // 12: a regenerable leaf whose body only returns an expression evaluates it in place as its event's
  // argument (no inner copy function); leaves never read `.stack` (branch leaf3, issue 9). Leaves are
  // off here: the same events.
  // 13: a function made inside another function, or inside a `for (let …)` loop that makes functions,
  // enters through <rt>.closedBy(<enter>, creatorFrame, iteration); such a loop's head declares and
  // updates a hidden `<prefix>i<n> = <rt>.li(frame, id)` (CLOSURE_SCOPE, branch true15, issue 12). The
  // sample makes no closure: the same events.
  // 14: a class declaration is followed by `<rt>.w(id,A);` recording the class as its binding's value
  // (branch audit12, issue 12 item 1's family). The sample declares no class: the same events.
  // 15: a sloppy-mode function declared in a block is followed by `<rt>.w(id,f);` recording it as the
  // enclosing function's var (Annex B, branch audit13, issue 12). The sample has none: the same events.
  // 16: `if (x) function f(){}` is braced with its write inside; a `with` body's block functions are
  // written after the statement, from a `finally` around it; generator/async block functions are not
  // Annex B (branch annexb15, issue 12). The sample has none: the same events.
  // 17: `x += e` and `x = x + e` on a declared binding become `<rt>.ap(id, x, x += (t = e), t)` (apf for
  // another frame's), so the recorder can write an APPEND (branch append18, issue 9). The sample's
  // `text = text + 'x'.repeat(2000)` now writes one.
  // Also 17: a mutator call's arguments that cannot be named again (`a.push({…})`) are held in temps and
  // passed to <rt>.mc, so the MUTATOR carries them instead of a re-snapshot (branch snap18, issue 9).
  // The sample has none: the same events.
  // 18: the instrumentation cache's entries hold each probe table's binary field codes and strings
  // (branch probebin20, issue 9): the same code and events.
  // 19: a plain function's writes to its own `this` pass `new.target` to <rt>.thisEntry, whose first
  // sight of a constructed `this` skips the exotic-type probes (branch acorn22, issue 9): the same events.
  // 20: a CommonJS file's cache entry keeps its lexer epilogue (a 7th part), computed once, not per load
  // (branch lexcache23, issue 9): the same code and events.
  // 21: what is inserted before a statement that starts its line goes before the line break (a `;` first), and a
  // line-starting `await`/`yield` keyword's text moves up with it (runtime/instrument/lineStarts.ts): V8's column
  // for the line is the user's (node:test's getCallerLocation, session 31). The same events.
  instrumenterVersion: '21',
  // 3.0: sized EXT subkinds (from 16 on, skipped by length when unknown), the first being MESSAGE.
  // 3.1: the version bytes only (NEW_OBJECT, ORIGIN, ORIGIN_RUN and REQUEST: sized EXT subkinds older 3.x readers
  // skip).
  // 3.2: the version bytes only (REQUEST_PEER and EMIT: sized EXT subkinds older 3.x readers skip).
  // 3.3: the version bytes only (one bump for this session: deferred recording's ND_VALUE, ND_CALLBACK, ND_UNSUPPORTED:
  // sized EXT
  // subkinds 23-25 older 3.x readers skip; 26-27 reserved for it).
  // Also 3.3: PROBES records (type 30) continue a probe table too large for one FILE record; the FILE
  // says its probeCount; older 3.x readers skip them (branch probes2, issue 10 item 2).
  // Also 3.3: a failed client request's REQUEST finish carries its error as text,
  // which older readers ignore (branch multi, issue 11 item 5).
  // 3.4: the version bytes only (branch deferred2, issue 9: ND_VALUE source numbers 37-55 — fs stats,
  // listings and buffer/FileHandle reads, dns.lookup, process.stdin — and ND_CALLBACK type 4, signal;
  // a 3.3 expander meeting one diverges with the source's number rather than misreading it).
  // 3.5: the version bytes only (branch proto12, issue 12: prototypes — SnapshotFlag.PROTOTYPE_RECORDED,
  // which older readers ignore, and PROTOTYPE, sized EXT subkind 26 older 3.x readers skip; a NEW_OBJECT's
  // builtin prototype is its INTRINSIC_PROTOTYPES number, which a 3.4 reader shows as class 'Object').
  // Also 3.5: LEAF_CALL, sized EXT subkind 27, written only with the leafCalls recorder attribute (branch
  // leaf, issue 9 §2); readers regenerate the call before replay, older 3.x readers skip it.
  // 3.6: the version bytes only (branches leaf2 and proto13: LEAF_READS, sized EXT subkind 28, a leaf call
  // that read properties, written only with the leafCalls recorder attribute, issue 9 §2; BUILTIN_PROTOTYPE,
  // sized EXT subkind 33, after a builtin prototype's snapshot, which holds only the program's members, and
  // the well-known symbols take fixed ids at the top of the symbol id space, wellKnownSymbols.ts, issue 12;
  // older 3.x readers skip both).
  // 3.7: the version bytes only (branch true15, issue 12: CLOSURE_SCOPE, sized EXT subkind 30, which
  // activation and loop iteration a nested function closes over; older 3.x readers skip it).
  // 3.8: the version bytes only (branch multi12, issue 11 item 5: REQUEST_TRACE, sized EXT subkind 31, the
  // W3C traceparent a request sent or received; older 3.x readers skip it and link by REQUEST_PEER).
  // 3.9: the version bytes only (branch append18, issue 9: APPEND, sized EXT subkind 29, a string binding's
  // `+=` as its part and new length; a 3.8 reader refuses the file, a live 3.8 store skips it with a warning).
  // 3.10: the version bytes only (branch strref19, issue 9: a STRING_DEF may define a long string,
  // truncated as an inline STRING is, that a STRING_REF writes again; a 3.9 store warns that the trace is
  // newer and shows such a reference's first characters without the truncation marker).
  // 3.11: the version bytes only (branch closurelink20, issue 9: CLOSURE_LINK, sized EXT subkind 34,
  // CLOSURE_SCOPE's link in no loop iteration in four words instead of six; older 3.x readers skip it,
  // say the trace is newer, and may show such a closure's outer variables from another activation).
  // Also 3.11 (branch probebin20, issue 9: probe tables in binary PACKED_PROBES
  // records, type 20, after a FILE whose JSON has `probes: []` and `packedProbes`; a 3.10 reader skips
  // them, knows the files without their probes, shows their events at unknown locations and warns
  // that the trace is newer).
  // Also 3.11 (branch slice20, issue 9: STRING_SLICE, sized EXT subkind 32, a string
  // defined as a window of a STRING_DEF's units, which may then hold more than the limit; a 3.10 reader
  // skips it and shows a reference to a slice as an empty string).
  // 3.12 (branch enter21, issue 9): COMPACT_EVENTS records (type 21) in place of EVENTS, whose ENTER and
  // ENTER_THIS may leave their frame id implied and whose RETURN of undefined may be one word (header bit
  // 31); a 3.11 reader skips the records, shows no events and warns that the trace is newer. Also 3.12
  // (branch shape21): SHAPE and SHAPED_SNAPSHOT, sized EXT subkinds 35 and 36, an object snapshot as its
  // shape's id and its values (a reader without them shows such an object as not captured).
  // 3.13 (branch latin22, issue 9): in COMPACT_EVENTS records a STRING whose captured length carries bit 30
  // holds its units one a byte, four a word (oneByteStrings.ts); a 3.12 reader refuses such a record.
  // 3.14: the version bytes only (branch deferred24, issue 9: ND_VALUE source numbers 56-81 — access,
  // exists, realpath, readlink, readv, opendir and Dir reads, process.pid/ppid, crypto.randomFill,
  // dns.resolve*/reverse; and lead, session 24: 82-138, file-system writes and opens to write, whose
  // outcomes a deferred run logs and its re-execution is fed; a 3.13 expander meeting one diverges
  // naming `source #N` rather than misreading it).
  // 3.15: the version bytes only (session 25, issue 9: ND_VALUE source numbers 139-141 opens to read,
  // 142-143 the terminal, 144-146 synchronous child processes, 147-150 file watchers; a 3.14 expander
  // meeting one diverges naming `source #N`, or refuses a log with watchers by its ND_UNSUPPORTED).
  // 3.16: the version bytes only (branch statfs27, issue 9: ND_VALUE source numbers 151-153, fs.statfs
  // in its three forms, and 154, a terminal's size refreshed on SIGWINCH; a 3.15 expander meeting one
  // diverges naming `source #N`). Also 3.16 (session 27): sources 155-161, TCP servers.
  // 3.17: the version bytes only (session 28, issue 9: ND_VALUE source 162, TCP.write, a deferred
  // server's writes as [connection, length, CRC-32], kept apart from the reads; a 3.16 expander refuses
  // such a log by its SOCKET_WRITES_REASON).
  // 3.18: the version bytes only (session 29, issue 9: ND_VALUE sources 163-164, TCP.connect and
  // TCP.connect complete, a deferred program's outgoing connections, and 165-168, local sockets'
  // Pipe.bind, Pipe.listen, Pipe.connect and Pipe.connect complete, and 169-175, UDP sockets; a 3.17
  // expander refuses such a log by its OUTGOING_FED_REASON, LOCAL_SOCKETS_FED_REASON or
  // DATAGRAMS_FED_REASON).
  // 3.19: the version bytes only (session 30, issue 9: ND_VALUE sources 176-178, ProcessWrap.spawn,
  // ProcessWrap.kill and ProcessWrap.onexit, a deferred program's asynchronous child processes; a 3.18
  // expander refuses such a log by its CHILDREN_FED_REASON).
  framingSha256: 'b4fe792af5d963b5e75994de32a3990853dd0a5d317cccaa8c3db98481ffad66',
  // The 16 base kinds' declared layouts (name, number, fields, in order), as declared in 3.8 (the table
  // came later than the layouts: eventEnd measures by it, so the events hash below pins it too).
  baseLayoutsSha256: 'd7d26c56830422f0f6ed5caffbceedc8fd3d61c2127637e4886e5e6b9acd1786',
  // The EXT subkinds' declared layouts (name, number, since, fields, in order), as of 3.12 (SHAPE and
  // SHAPED_SNAPSHOT).
  extLayoutsSha256: 'fc307ffcede552239cf2977d12cdbef33104244726d9321b39594dbe82d2dbf5',
  // Format 3.0: no EXIT after a RETURN whose probe ends its frame (the sample's twice()); guarded() keeps its EXIT.
  // Format 3.1: the sample's Point is first seen empty at its first write: a NEW_OBJECT naming Point.prototype.
  // Format 3.5: snapshots carry PROTOTYPE_RECORDED; Point.prototype and builtin prototypes by number.
  // Its ORIGIN/ORIGIN_RUN events (Node's async ids, timing-dependent) are left out of this hash.
  // Format 3.9: the sample's `text = text + 'x'.repeat(2000)` is an APPEND (its part inline, truncated).
  // Format 3.10: the sample's `passOn(source)` thrice: inline, then STRING_DEF + STRING_REF, then the reference.
  // Format 3.11: the same events (the sample makes no string that is a window of another).
  // Format 3.12: ENTER/ENTER_THIS with their frame implied and RETURNs of undefined compact, as stored
  // (an ENTER a batch's start wrote in full taken as compact: batch cuts depend on timing); the sample's
  // objects with properties are SHAPED_SNAPSHOTs after a SHAPE each.
  // Format 3.13: its strings of three or more units, all ≤ 0xFF, one unit a byte as stored.
  eventsSha256: '363e769e303a83b358892730dca9f6cc985d68c41c16c6d2a9f12bf4bffc5d39',
  // The same events as decodeEventWords expands them: format 3.11's words but for the shapes (the
  // explicit words shape21 alone hashed). Unchanged by 3.13: one-byte strings expand to these words.
  // A change here is a reader that no longer sees what the recorder wrote.
  expandedEventsSha256: 'ba573d3d964c53be74f35499b137e010ee5cf378abe8f0b0cb186047da839ba6',
};

const REPO = resolve(__dirname, '../../..');

function sha256(parts: readonly Uint8Array[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

function expectGolden(actual: string, golden: string, what: string, extraVersionMatches = true): void {
  const sameVersion = FORMAT_MAJOR === GOLDEN.formatMajor && FORMAT_MINOR === GOLDEN.formatMinor && extraVersionMatches;
  const advice = sameVersion
    ? `the ${what} bytes changed but the version did not: bump FORMAT_MAJOR/FORMAT_MINOR in runtime/format/version.ts (or INSTRUMENTER_VERSION) and set GOLDEN to the new hash ${actual}`
    : `the version changed: set GOLDEN's versions to ${FORMAT_MAJOR}.${FORMAT_MINOR} / '${INSTRUMENTER_VERSION}' and its ${what} hash to ${actual}`;
  expect(sameVersion && actual === golden, advice).toBe(true);
}

/** One record of every type, with fixed contents. */
function framingSample(): Uint8Array[] {
  const header: TraceHeader = {
    sessionId: 'guard',
    pid: 7,
    threadId: 0,
    nodeVersion: 'v20.0.0',
    startWallTimeMs: 1_700_000_000_000,
    argv: ['node', 'guard.js', 'ünïcödé ✓ 😀'],
    cwd: '/guard',
    options: { level: 'full', overflow: 'block' },
  };
  const words = new Uint8Array(new Int32Array([0x11, -1, 0x7fffffff, -0x80000000, 0]).buffer);
  const C = COMPACT_BIT;
  const compactWords = new Uint8Array(
    new Int32Array([0x12, 7, C | 0x12, C | 0x13, valueWord(ValueTag.SMALL_INT, 3), C | 0x14]).buffer,
  );
  const record = (type: RecordType, payload: Uint8Array, sequence: number, flags = 0) =>
    encodeRecord({ type, producerId: 3, sequence, flags }, payload);
  return [
    encodeFileHeader(header),
    record(
      RecordType.PRODUCER,
      jsonPayload({
        producerId: 3,
        pid: 7,
        ppid: 1,
        threadId: 0,
        argv: [],
        nodeVersion: 'v20.0.0',
        startWallTimeMs: 5,
      }),
      0,
    ),
    record(
      RecordType.FILE,
      jsonPayload({
        path: '/guard/a.js',
        sourceHash: 'ab',
        sourceType: 'module',
        level: 'calls',
        probeBase: 16,
        probes: [],
      }),
      1,
    ),
    record(RecordType.EVENTS, words, 2),
    // ENTER (probe 1) naming frame 7, then a compact ENTER (frame 8), ENTER_THIS (frame 9, this 3) and RETURN.
    record(RecordType.COMPACT_EVENTS, compactWords, 6),
    record(RecordType.LOST, jsonPayload({ lostEvents: 9, reason: 'ring-full', afterEvent: 4 }), 3),
    record(RecordType.TIME, jsonPayload({ eventIndex: 4, wallTimeMs: 1_700_000_000_001, monotonicMs: 1.5 }), 4),
    record(RecordType.NOTE, jsonPayload({ level: 'warning', message: 'n' }), 5, RecordFlag.DEFLATE),
    record(RecordType.END, jsonPayload({ reason: 'exit', exitCode: 0, eventsEmitted: 5, eventsLost: 9 }), 0xfffffffe),
  ];
}

/**
 * Callback origins carry Node's async ids, and how many resources Node's own stdio creates depends
 * on timing: left out of the hash (their layout is checked in test/runtime/recorder/callbackOrigins.test.ts).
 */
function isOrigin(header: number): boolean {
  return (
    headerKind(header) === EventKind.EXT &&
    (headerProbe(header) === Ext.ORIGIN || headerProbe(header) === Ext.ORIGIN_RUN)
  );
}

/**
 * Producer 0's event words with padding removed and origins left out: independent of how the drain
 * cut batches. `stored`: as the records hold them (compact events compact); else as decodeEventWords
 * expands them.
 */
function programEventWords(traceBytes: Uint8Array, form: 'stored' | 'expanded'): Uint8Array[] {
  const parts: Uint8Array[] = [];
  for (const record of readTrace(traceBytes).records) {
    if (!holdsEvents(record.type) || record.producerId !== 0) continue;
    const words =
      form === 'expanded' ? decodeEventWords(record) : new Int32Array(new Uint8Array(record.payload).buffer);
    const end = form === 'expanded' ? eventEnd : storedEventEnd;
    for (let offset = 0; offset < words.length;) {
      const next = end(words, offset);
      if (headerKind(words[offset]) !== EventKind.PAD && !isOrigin(words[offset] & ~COMPACT_BIT))
        parts.push(new Uint8Array(words.slice(offset, next).buffer));
      offset = next;
    }
  }
  return form === 'stored' ? compactedAcrossBatches(parts) : parts;
}

/**
 * Stored events with an ENTER or ENTER_THIS that names the frame after the last one written
 * compact: the first ENTER of each batch is written in full, and where the drain cut batches
 * depends on timing; the hash pins which events are compact and how, not where batches began.
 */
function compactedAcrossBatches(events: Uint8Array[]): Uint8Array[] {
  let lastFrame = 0;
  return events.map((bytes) => {
    const words = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
    const kind = headerKind(words[0]);
    if (kind !== EventKind.ENTER && kind !== EventKind.ENTER_THIS) return bytes;
    if (words[0] < 0) {
      lastFrame = frameAfter(lastFrame);
      return bytes;
    }
    const named = words[1];
    const implied = named === frameAfter(lastFrame);
    lastFrame = named;
    if (!implied) return bytes;
    return new Uint8Array(Int32Array.from([words[0] | COMPACT_BIT, ...words.subarray(2)]).buffer);
  });
}

/** What a reader must know of each base kind to read it: its number and layout. */
function baseLayouts(): string {
  return JSON.stringify(
    BASE_KIND_NAMES.map((name) => {
      const { kind, fields } = BASE_KINDS[name];
      return { name, kind, fields: Object.entries(fields) };
    }),
  );
}

/** What a reader must know of each EXT subkind to read it: its layout, not its labels or handlers. */
function extLayouts(): string {
  return JSON.stringify(
    EXT_NAMES.map((name) => {
      const { subkind, since, fields } = EXT_KINDS[name];
      return { name, subkind, since, fields: Object.entries(fields) };
    }),
  );
}

describe('TR-08 encoding guard', () => {
  it('framing bytes are unchanged for this format version', () => {
    expectGolden(sha256(framingSample()), GOLDEN.framingSha256, 'framing');
  });

  it('the base layouts (runtime/format/baseKinds.ts) are unchanged for this format version', () => {
    expectGolden(sha256([new TextEncoder().encode(baseLayouts())]), GOLDEN.baseLayoutsSha256, 'base layout');
  });

  it('the EXT layouts (runtime/format/extKinds.ts) are unchanged for this format version', () => {
    expectGolden(sha256([new TextEncoder().encode(extLayouts())]), GOLDEN.extLayoutsSha256, 'EXT layout');
  });

  it("the recorder's writer and the tests' independent framing helper agree byte for byte", () => {
    const [header, ...records] = framingSample();
    const parsed = readTrace(concatBytes([header, ...records]));
    expect(parsed.error).toBeUndefined();
    expect(helper.encodeHeader(parsed.header)).toEqual(header);
    parsed.records.forEach((record, index) => {
      expect(helper.encodeRecord(record)).toEqual(records[index]);
    });
  });

  it('event words of a fixed program are unchanged for this format and instrumenter version', async () => {
    const bootloaderPath = join(REPO, 'dist/bootloader.js');
    expect(existsSync(bootloaderPath), 'run `npm run build` first').toBe(true);
    const directory = mkdtempSync(join(tmpdir(), 'rewind-guard-'));
    try {
      const out = join(directory, 'sample.rwd');
      const fixtures = join(__dirname, 'fixtures');
      const program = launchRecorded({
        program: join(fixtures, 'encoding-sample.cjs'),
        cwd: fixtures,
        bootloaderPath,
        stdio: 'pipe',
        settings: recorderSettings({ root: fixtures, outFile: out, sessionId: 'guard' }),
      });
      program.child.stdout?.resume();
      let stderr = '';
      program.child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const exit = await program.exited;
      expect(exit, stderr).toEqual({ code: 0, signal: null });
      const trace = readTrace(readFileSync(out));
      expect(trace.complete).toBe(true);
      const words = programEventWords(readFileSync(out), 'stored');
      expect(words.length).toBeGreaterThan(50);
      expectGolden(sha256(words), GOLDEN.eventsSha256, 'event', INSTRUMENTER_VERSION === GOLDEN.instrumenterVersion);
      const expanded = programEventWords(readFileSync(out), 'expanded');
      expect(sha256(expanded), 'the expanded events differ from what format 3.11 wrote').toBe(
        GOLDEN.expandedEventsSha256,
      );
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

// The emit replacement's layout (runtime/recorder/emitSource.ts) against Node's sites: every kept
// site sits on Node's line with Node's text (the lone call at Node's column), and a site that does
// not fit an unknown Node's layout is left to Node's emit rather than misplaced. The real Nodes'
// layouts are proven end to end by the ins-13-emit-* fidelity fixtures.
import { describe, expect, it } from 'vitest';
import type { NodeEmitSites } from '../../../runtime/recorder/emitPosition';
import type { RejectionSites } from '../../../runtime/recorder/emitRejections';
import { emitSource } from '../../../runtime/recorder/emitSource';

/** Node 20's sites (node:events lines). */
const NODE_20: NodeEmitSites = {
  lone: { line: 524, column: 28 },
  many: { line: 536, text: '      const result = listeners[i].apply(this, args);', form: 'clone' },
  monitor: { line: 477, text: '      this.emit(kErrorMonitor, ...args);' },
  unhandled: { line: 515, text: "    throw err; // Unhandled 'error' event", name: 'err' },
};

/** Node 20's addCatch sites (what emitRejections.ts learns from it). */
const REJECTIONS_20: RejectionSites = {
  rejected: () => undefined,
  thenRead: { line: 379, column: 26 },
  thenCall: { line: 382, column: 12 },
  tick: { line: 385, column: 17 },
  catchEmit: { line: 389, column: 10 },
  loneCatch: { line: 530, column: 7 },
  manyCatch: { line: 544, column: 9 },
};

const lineAt = (code: string, line: number) => code.split('\n')[line - 1];
/** The 1-based column of `token` on `line`. */
const columnOf = (code: string, line: number, token: string) => lineAt(code, line).indexOf(token) + 1;

describe('emitSource', () => {
  it("puts every site on Node's line with Node's text, and the lone call at Node's column", () => {
    const source = emitSource(NODE_20)!;
    expect(source).toMatchObject({ many: true, unhandled: true, monitor: true });
    expect(lineAt(source.code, 477)).toBe(NODE_20.monitor!.text);
    expect(lineAt(source.code, 515)).toBe(NODE_20.unhandled!.text);
    expect(lineAt(source.code, 536)).toBe(NODE_20.many!.text);
    expect(lineAt(source.code, 524).indexOf('apply(') + 1).toBe(28);
    // One function body, and valid JavaScript.
    expect(() => new Function('d', source.code)).not.toThrow();
  });

  it("leaves to Node's emit a site an unknown layout leaves no room for, keeping the others", () => {
    // A throw right above the lone call leaves no line for the code between them.
    const cramped = emitSource({ ...NODE_20, unhandled: { ...NODE_20.unhandled!, line: 523 } })!;
    expect(cramped).toMatchObject({ unhandled: false, many: true, monitor: true });
    expect(lineAt(cramped.code, 524).indexOf('apply(') + 1).toBe(28);
    // Several listeners' call on the lone call's next line: no room to open the loop.
    const many = emitSource({ ...NODE_20, many: { ...NODE_20.many!, line: 525 } })!;
    expect(many).toMatchObject({ many: false, unhandled: true });
    expect(() => new Function('d', many.code)).not.toThrow();
  });

  it('gives up when the lone call cannot sit at its place (the hook is then not installed)', () => {
    expect(emitSource({ lone: { line: 2, column: 28 } })).toBeUndefined();
    expect(emitSource({ lone: { line: 524, column: 3 } })).toBeUndefined();
  });

  it("lays addCatch's copy and emit's calls of it at Node's lines and columns", () => {
    const source = emitSource({ ...NODE_20, rejections: REJECTIONS_20 })!;
    expect(source).toMatchObject({ rejections: true, many: true, unhandled: true, monitor: true });
    expect(columnOf(source.code, 379, 'then;')).toBe(26);
    expect(columnOf(source.code, 382, 'call(')).toBe(12);
    expect(columnOf(source.code, 385, 'nextTick(')).toBe(17);
    expect(columnOf(source.code, 389, "emit('error'")).toBe(10);
    expect(columnOf(source.code, 524, 'apply(')).toBe(28);
    expect(columnOf(source.code, 530, 'addCatch(')).toBe(7);
    expect(columnOf(source.code, 544, 'addCatch(')).toBe(9);
    expect(lineAt(source.code, 536)).toBe(NODE_20.many!.text);
    expect(() => new Function('d', source.code)).not.toThrow();
  });

  it("leaves capturing emitters to Node's emit when addCatch's sites do not fit, keeping the rest", () => {
    // No line between the lone call and its addCatch call for the `if` that guards it.
    const cramped = emitSource({ ...NODE_20, rejections: { ...REJECTIONS_20, loneCatch: { line: 525, column: 7 } } })!;
    expect(cramped).toMatchObject({ rejections: false, many: true, unhandled: true, monitor: true });
    expect(columnOf(cramped.code, 524, 'apply(')).toBe(28);
    // Several listeners' addCatch call not learnt: the copy would miss it.
    const unknown = emitSource({ ...NODE_20, rejections: { ...REJECTIONS_20, manyCatch: undefined } })!;
    expect(unknown).toMatchObject({ rejections: false, many: true });
    // addCatch after emit's first line: no room before emit.
    const late = emitSource({ ...NODE_20, rejections: { ...REJECTIONS_20, catchEmit: { line: 900, column: 10 } } })!;
    expect(late).toMatchObject({ rejections: false, many: true });
    expect(() => new Function('d', late.code)).not.toThrow();
  });

  it("names where it hands an emit to Node's (those frames are left out of stacks) and where emit starts", () => {
    for (const sites of [NODE_20, { ...NODE_20, rejections: REJECTIONS_20 }, { lone: NODE_20.lone }]) {
      const source = emitSource(sites)!;
      // Both hand-overs: what route sends to Node (a Proxy) and what it sends there labelled.
      expect(source.handOvers).toHaveLength(2);
      for (const { line, column } of source.handOvers)
        expect(lineAt(source.code, line).slice(column - 1)).toMatch(/^hide\(node, this, toArgs\(type, args\), 2\)/);
      expect(lineAt(source.code, source.emitLine)).toMatch(/^return function emit\(/);
    }
  });
});

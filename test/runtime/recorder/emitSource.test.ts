// The emit replacement's layout (runtime/recorder/emitSource.ts) against Node's sites: every kept
// site sits on Node's line with Node's text (the lone call at Node's column), and a site that does
// not fit an unknown Node's layout is left to Node's emit rather than misplaced. The real Nodes'
// layouts are proven end to end by the ins-13-emit-* fidelity fixtures.
import { describe, expect, it } from 'vitest';
import type { NodeEmitSites } from '../../../runtime/recorder/emitPosition';
import { emitSource } from '../../../runtime/recorder/emitSource';

/** Node 20's sites (node:events lines). */
const NODE_20: NodeEmitSites = {
  lone: { line: 524, column: 28 },
  many: { line: 536, text: '      const result = listeners[i].apply(this, args);', form: 'clone' },
  monitor: { line: 477, text: '      this.emit(kErrorMonitor, ...args);' },
  unhandled: { line: 515, text: "    throw err; // Unhandled 'error' event", name: 'err' },
};

const lineAt = (code: string, line: number) => code.split('\n')[line - 1];

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
});

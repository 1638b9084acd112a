// Stepping in both directions on real recorded programs: next/stepIn/stepOut/stepBack with
// granularity, where a session first stops, variables as they were (an array filling in a loop
// shows fewer elements when stepping back), closures, classes, generators, async frames.
import { describe, expect, it } from 'vitest';
import { breakAt, fixture, lineOf, programArgs, useClient } from './support/session';

const newClient = useClient();

describe('first stop (ARCHITECTURE.md §4)', () => {
  it('stopOnEntry stops at the first step', async () => {
    const client = newClient();
    await client.start();
    const stopped = await client.launchAndStop(programArgs('loops.js', { stopOnEntry: true }));
    expect(stopped.body.reason).toBe('entry');
    const frame = await client.topFrame();
    expect(frame.source?.path).toBe(fixture('loops.js'));
    expect(frame.line).toBe(2);
  });

  it('without breakpoints or an uncaught throw, stops at the last step', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('loops.js'));
    expect((await client.topFrame()).line).toBe(lineOf(fixture('loops.js'), 'loops-print'));
  });

  it('with a breakpoint, stops at its first hit', async () => {
    const client = newClient();
    await client.start();
    const stopped = await client.launchAndStop(programArgs('loops.js'), () =>
      breakAt(client, 'loops.js', 'loop-total'),
    );
    expect(stopped.body.reason).toBe('breakpoint');
    expect((await client.topFrame()).line).toBe(lineOf(fixture('loops.js'), 'loop-total'));
    expect((await client.locals()).get('i')?.value).toBe('0');
  });

  it('without breakpoints, stops at the throw of an uncaught exception', async () => {
    const client = newClient();
    await client.start();
    const exited = client.waitForEvent('exited');
    const stopped = await client.launchAndStop(programArgs('exceptions.js'));
    expect((await exited).body.exitCode).toBe(1);
    expect(stopped.body.reason).toBe('exception');
    expect((await client.topFrame()).line).toBe(lineOf(fixture('exceptions.js'), 'throw-uncaught'));
  });
});

describe('stepping through a loop', () => {
  it('steps forward and back; the array shows fewer elements when stepping back', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('loops.js'), () =>
      breakAt(client, 'loops.js', 'loop-total', { condition: 'i === 3' }),
    );
    expect(await client.evaluate('squares.length')).toBe('4');
    expect(await client.evaluate('total')).toBe('5');
    await client.move('next');
    expect(await client.evaluate('total')).toBe('14');
    await client.move('stepBack');
    await client.move('stepBack');
    // back on `squares.push(square)` of i = 3: the push has not happened yet
    expect((await client.topFrame()).line).toBe(lineOf(fixture('loops.js'), 'loop-body') + 1);
    expect(await client.evaluate('squares.length')).toBe('3');
    expect(await client.evaluate('total')).toBe('5');
  });

  it('line granularity skips statements on the same line', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('loops.js', { stopOnEntry: true }));
    const lines: number[] = [];
    for (let index = 0; index < 6; index++) {
      await client.move('next', { granularity: 'line' });
      lines.push((await client.topFrame()).line);
    }
    for (let index = 1; index < lines.length; index++) expect(lines[index]).not.toBe(lines[index - 1]);
  });
});

describe('calls', () => {
  it("stepIn enters, stepOut leaves, stepBack from a frame's first step lands on the call", async () => {
    const client = newClient();
    await client.start();
    const file = fixture('recursion.js');
    await client.launchAndStop(programArgs('recursion.js'), () => breakAt(client, 'recursion.js', 'fact-top'));
    await client.move('stepIn');
    let trace = await client.stackTraceRequest({ threadId: 1 });
    expect(trace.body.stackFrames[0].name).toContain('factorial');
    expect(trace.body.stackFrames[0].line).toBe(lineOf(file, 'fact-base'));
    expect((await client.locals()).get('n')?.value).toBe('5');
    await client.move('stepBack');
    expect((await client.topFrame()).line).toBe(lineOf(file, 'fact-top'));
    await client.move('stepIn');
    await client.move('next');
    await client.move('stepIn');
    trace = await client.stackTraceRequest({ threadId: 1 });
    expect(trace.body.stackFrames.filter((frame) => frame.name.includes('factorial'))).toHaveLength(2);
    expect((await client.locals()).get('n')?.value).toBe('4');
    await client.move('stepOut');
    trace = await client.stackTraceRequest({ threadId: 1 });
    expect(trace.body.stackFrames.filter((frame) => frame.name.includes('factorial'))).toHaveLength(1);
  });

  it('shows the closure scope of a counter and `this` of a method', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('closures.js'), () =>
      breakAt(client, 'closures.js', 'closure-add', { hitCondition: '3' }),
    );
    const scopes = await client.scopesRequest({ frameId: (await client.topFrame()).id });
    expect(scopes.body.scopes.map((scope) => scope.name)).toContain('Closure (makeCounter)');
    expect((await client.scopeVariables('Closure')).get('count')?.value).toBe('13');
    expect((await client.locals()).get('step')?.value).toBe('3');
  });

  it('shows an object under construction in a class method', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('classes.js'), () => breakAt(client, 'classes.js', 'rect-area'));
    expect(await client.evaluate('this.width')).toBe('5');
    expect(await client.evaluate('this.width * this.height')).toBe('20');
    const stopped = await client.move('reverseContinue'); // no earlier hit: the start of the recording
    expect(stopped.body.reason).toBe('step');
    expect((await client.topFrame()).line).toBe(2);
  });

  it('resumes a generator frame at each next()', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('generators.js'), () => breakAt(client, 'generators.js', 'gen-yield'));
    const seenN: string[] = [];
    for (let hit = 0; hit < 3; hit++) {
      seenN.push((await client.locals()).get('n')?.value ?? '?');
      await client.move('continue');
    }
    expect(seenN).toEqual(['3', '2', '1']);
    await client.move('reverseContinue');
    expect((await client.locals()).get('n')?.value).toBe('1');
  });

  it('shows the awaiting caller below an async label frame', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('asyncChain.js'), () => breakAt(client, 'asyncChain.js', 'async-leaf'));
    const frames = (await client.stackTraceRequest({ threadId: 1 })).body.stackFrames;
    expect(frames[0].name).toContain('leaf');
    const label = frames.findIndex((frame) => frame.presentationHint === 'label');
    expect(label).toBeGreaterThan(0);
    expect(frames.slice(label + 1).some((frame) => frame.name.includes('middle'))).toBe(true);
    await client.move('stepOut');
    expect((await client.topFrame()).name).toContain('middle');
  });
});

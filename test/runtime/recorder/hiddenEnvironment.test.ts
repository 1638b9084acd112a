// Which spawns get the recorder's hidden variables back (issue 14 item 6): a child that inherits
// the program's environment as it started is recorded as before; one given NODE_OPTIONS of its
// own, or none where the program had one, is left as the program made it.
import { describe, expect, it } from 'vitest';
import { withRecorderVariables, type RecorderVariables } from '../../../runtime/recorder/hiddenEnvironment';

const OURS = '--require /opt/rewind/dist/bootloader.js --max-old-space-size=64';
const ours = Object.assign(Object.create(null) as RecorderVariables, {
  NODE_OPTIONS: OURS,
  REWIND_OUT: '/tmp/t.rwd',
  REWIND_USER_NODE_OPTIONS: '--max-old-space-size=64',
});
const USER = '--max-old-space-size=64';

describe('withRecorderVariables', () => {
  it("an inherited NODE_OPTIONS becomes the recorder's and the missing variables are added, on a copy", () => {
    const envPairs = ['HOME=/root', `NODE_OPTIONS=${USER}`];
    const options = { file: '/bin/sh', args: ['sh', '-c', 'node x.js'], envPairs };
    expect(withRecorderVariables(options, ours, USER)).toEqual({
      ...options,
      envPairs: ['HOME=/root', `NODE_OPTIONS=${OURS}`, 'REWIND_OUT=/tmp/t.rwd', `REWIND_USER_NODE_OPTIONS=${USER}`],
    });
    expect(options.envPairs).toEqual(['HOME=/root', `NODE_OPTIONS=${USER}`]);
  });

  it('a program without NODE_OPTIONS: added where the child has none; variables it already has are kept', () => {
    const options = { envPairs: ['REWIND_OUT=/elsewhere.rwd'] };
    expect(withRecorderVariables(options, ours, undefined)?.envPairs).toEqual([
      'REWIND_OUT=/elsewhere.rwd',
      `NODE_OPTIONS=${OURS}`,
      `REWIND_USER_NODE_OPTIONS=${USER}`,
    ]);
  });

  it('a NODE_OPTIONS of the child’s own, or none where the program had one, is left alone', () => {
    expect(withRecorderVariables({ envPairs: ['NODE_OPTIONS=--inspect'] }, ours, USER)).toBeUndefined();
    expect(withRecorderVariables({ envPairs: ['HOME=/root'] }, ours, USER)).toBeUndefined();
    expect(withRecorderVariables({ envPairs: 'not pairs' }, ours, USER)).toBeUndefined();
  });
});

// Defaults before ${variable} substitution: F5 with no launch.json records the active file, and
// rewind.* settings the user set fill what the configuration leaves out — never overriding it.
import { describe, expect, it } from 'vitest';
import { checkSettings, fillDefaults, CURRENT_FILE_NAME } from '../../../extension/config/defaults';

describe('fillDefaults', () => {
  it('turns an empty configuration into "record the current file"', () => {
    expect(fillDefaults({}, { activeFile: '/ws/a.js', settings: {} })).toEqual({
      type: 'rewind',
      request: 'launch',
      name: CURRENT_FILE_NAME,
      program: '/ws/a.js',
      console: 'internalConsole',
    });
  });

  it('leaves program unset when there is no active file (validation then explains)', () => {
    expect(fillDefaults({ type: 'rewind', request: 'launch', name: 'n' }, { settings: {} })).not.toHaveProperty(
      'program',
    );
  });

  it('resolves "${file}" itself, so F5 works while the timeline (not an editor) has focus', () => {
    // VS Code's own ${file} fails without a focused editor; the provider passes the last active one.
    expect(
      fillDefaults(
        { type: 'rewind', request: 'launch', name: 'n', program: '${file}' },
        { activeFile: '/ws/server.js', settings: {} },
      ),
    ).toMatchObject({ program: '/ws/server.js' });
    expect(
      fillDefaults(
        { type: 'rewind', request: 'launch', name: 'n', program: '${workspaceFolder}/a.js' },
        { activeFile: '/ws/server.js', settings: {} },
      ),
    ).toMatchObject({ program: '${workspaceFolder}/a.js' });
  });

  it('never adds a program to a configuration that opens a recording', () => {
    expect(fillDefaults({ trace: '/t.rwd' }, { activeFile: '/ws/a.js', settings: {} })).not.toHaveProperty('program');
  });

  it("a focused configuration also focuses on the active editor's file; an unfocused one does not", () => {
    expect(
      fillDefaults({ program: '/ws/main.js', focus: [] }, { activeFile: '/ws/lib.js', settings: {} }),
    ).toMatchObject({ activeEditorFile: '/ws/lib.js' });
    expect(
      fillDefaults({ program: '/ws/main.js', levels: { 'x/**': 'none' } }, { activeFile: '/ws/lib.js', settings: {} }),
    ).toMatchObject({ activeEditorFile: '/ws/lib.js' });
    expect(fillDefaults({ program: '/ws/main.js' }, { activeFile: '/ws/lib.js', settings: {} })).not.toHaveProperty(
      'activeEditorFile',
    );
  });

  it('copies settings only where the configuration is silent', () => {
    const settings = {
      level: 'calls',
      overflow: 'drop-newest',
      include: ['src/**'],
      bufferEvents: 4096,
      capture: { maxDepth: 5, maxStringLength: 50 },
    };
    const config = fillDefaults({ program: '/a.js', level: 'full', capture: { maxStringLength: 9 } }, { settings });
    expect(config).toMatchObject({
      level: 'full',
      overflow: 'drop-newest',
      include: ['src/**'],
      bufferEvents: 4096,
      capture: { maxDepth: 5, maxStringLength: 9 },
    });
    expect(config).not.toHaveProperty('exclude');
  });
});

describe('checkSettings', () => {
  it('names the setting that is wrong', () => {
    expect(checkSettings({ level: 'max', capture: { maxDepth: 0 } })).toEqual([
      'Setting "rewind.level" must be one of "full", "calls", "none"; it is "max".',
      'Setting "rewind.capture.maxDepth" must be an object with integer fields ≥ 1 among "maxStringLength", "maxCollectionEntries", "maxDepth"; it is 0.',
    ]);
  });
  it('accepts unset and valid settings', () => {
    expect(checkSettings({})).toEqual([]);
    expect(checkSettings({ overflow: 'block', bufferEvents: 1024, capture: { maxCollectionEntries: 3 } })).toEqual([]);
  });
});

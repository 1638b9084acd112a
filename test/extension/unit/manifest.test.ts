// package.json is the user's view of Rewind: activation, trust and breakpoint languages. (Its launch
// schema and settings are held to the launch-attribute table by test/protocol/launchAttributes.test.ts.)
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { TIMELINE_KEYS } from '../../../protocol/requests';

const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));

describe('package.json manifest', () => {
  it('activates only for Rewind sessions, commands and a restored timeline panel', () => {
    const commands = manifest.contributes.commands.map((c: { command: string }) => `onCommand:${c.command}`);
    expect(manifest.activationEvents.sort()).toEqual(
      [
        'onDebugResolve:rewind',
        'onDebugDynamicConfigurations:rewind',
        'onWebviewPanel:rewind.timeline',
        'onView:rewind.timelineView',
        ...commands,
      ].sort(),
    );
  });

  it('restricts glob settings in untrusted workspaces (SEC-01)', () => {
    expect(manifest.capabilities.untrustedWorkspaces).toMatchObject({
      supported: 'limited',
      restrictedConfigurations: ['rewind.include', 'rewind.exclude'],
    });
  });

  it('enables breakpoints in JavaScript, TypeScript, JSX and TSX', () => {
    expect(manifest.contributes.breakpoints.map((b: { language: string }) => b.language).sort()).toEqual([
      'javascript',
      'javascriptreact',
      'typescript',
      'typescriptreact',
    ]);
  });

  it("binds the timeline's keys to the timeline only while a text editor has the focus during a timeline move", () => {
    // VS Code focuses a stop's editor for a moment; a timeline key pressed then must not edit code
    // (extension/timeline/keysDuringMove.ts). Outside that moment the editor's own keys are untouched.
    const forwarded = manifest.contributes.keybindings.filter(
      (binding: { command: string }) => binding.command === 'rewind.timeline.forwardKey',
    );
    expect(forwarded.map((binding: { key: string }) => binding.key).sort()).toEqual(
      [
        'left',
        'shift+left',
        'right',
        'shift+right',
        'home',
        'shift+home',
        'end',
        'shift+end',
        'enter',
        '=',
        'shift+=',
        '-',
        'shift+-',
        '0',
      ].sort(),
    );
    for (const binding of forwarded) {
      expect(binding.when).toBe('rewind.timelineMoveShowing && editorTextFocus');
      expect(TIMELINE_KEYS).toContain(binding.args.key);
      expect(typeof binding.args.shiftKey).toBe('boolean');
      expect(binding.args.shiftKey).toBe(binding.key.startsWith('shift+') && /left|right|home|end/.test(binding.key));
    }
  });
});

// package.json is the user's view of Rewind: activation, trust and breakpoint languages. (Its launch
// schema and settings are held to the launch-attribute table by test/protocol/launchAttributes.test.ts.)
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';

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
});

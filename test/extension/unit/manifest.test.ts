// package.json is the user's view of Rewind: its launch schema must describe exactly the attributes
// the validator knows, with a description each, and the settings must use the same value sets.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { LAUNCH_ATTRIBUTES, LEVELS, OVERFLOW_STRATEGIES, CAPTURE_LIMITS } from '../../../extension/config/attributes';

const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
const debuggerContribution = manifest.contributes.debuggers.find((d: { type: string }) => d.type === 'rewind');
const launchProperties: Record<string, { description?: string; properties?: object }> = debuggerContribution.configurationAttributes.launch.properties;
const settings = manifest.contributes.configuration.properties;

describe('package.json manifest', () => {
  it('describes every launch attribute and no other', () => {
    expect(Object.keys(launchProperties).sort()).toEqual([...LAUNCH_ATTRIBUTES].sort());
    for (const [name, schema] of Object.entries(launchProperties)) expect(schema.description, name).toBeTruthy();
    expect(Object.keys(launchProperties.capture.properties ?? {})).toEqual([...CAPTURE_LIMITS]);
  });

  it('settings use the validator value sets', () => {
    expect(settings['rewind.level'].enum).toEqual([...LEVELS]);
    expect(settings['rewind.overflow'].enum).toEqual([...OVERFLOW_STRATEGIES]);
    for (const limit of CAPTURE_LIMITS) expect(settings[`rewind.capture.${limit}`]).toBeDefined();
  });

  it('activates only for Rewind sessions, commands and a restored timeline panel', () => {
    const commands = manifest.contributes.commands.map((c: { command: string }) => `onCommand:${c.command}`);
    expect(manifest.activationEvents.sort()).toEqual(['onDebugResolve:rewind', 'onDebugDynamicConfigurations:rewind', 'onWebviewPanel:rewind.timeline', ...commands].sort());
  });

  it('restricts glob settings in untrusted workspaces (SEC-01)', () => {
    expect(manifest.capabilities.untrustedWorkspaces).toMatchObject({ supported: 'limited', restrictedConfigurations: ['rewind.include', 'rewind.exclude'] });
  });

  it('enables breakpoints in JavaScript, TypeScript, JSX and TSX', () => {
    expect(manifest.contributes.breakpoints.map((b: { language: string }) => b.language).sort())
      .toEqual(['javascript', 'javascriptreact', 'typescript', 'typescriptreact']);
  });
});

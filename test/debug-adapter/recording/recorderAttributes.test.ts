// The launch table drives recorder attributes end to end: the CLI reads every attribute option
// under its attribute's name, the help lists each one's lines, and an attribute settings.ts does
// not convert travels to the recorder in one variable (runtime/format/environment.ts).
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../debug-adapter/cli/args';
import { ATTRIBUTE_OPTIONS, attributeValues } from '../../../debug-adapter/cli/attributeOptions';
import { USAGE } from '../../../debug-adapter/cli/usage';
import { recorderSettings } from '../../../debug-adapter/recording';
import { CLI_ATTRIBUTES } from '../../../protocol/launchAttributes';
import { ENV, fromEnvironment, toEnvironment, type RecorderSettings } from '../../../runtime/format/environment';

const parse = (argv: string[]) => attributeValues(parseArgs(argv, ATTRIBUTE_OPTIONS));

describe('recorder attributes from the launch table', () => {
  it('the CLI reads each attribute option under the attribute name, leaving out what was not given', () => {
    expect(parse(['--include', 'a/**', '--include=b/**', '--buffer-events', '2048', '--deferred'])).toEqual({
      include: ['a/**', 'b/**'],
      bufferEvents: 2048,
      deferred: true,
    });
    expect(parse(['--level', 'calls', '--overflow', 'flight', '--focus', 'src/**'])).toEqual({
      level: 'calls',
      overflow: 'flight',
      focus: ['src/**'],
    });
    expect(parse([])).toEqual({});
  });

  it('the CLI checks an integer option with the table check, in its words', () => {
    expect(() => parse(['--buffer-events', '16'])).toThrow(/--buffer-events must be an integer ≥ 1024 \(got '16'\)/);
  });

  it('--help holds every attribute option with each of its help lines', () => {
    for (const { option, attribute } of CLI_ATTRIBUTES) {
      expect(USAGE, option).toContain(`--${option}`);
      for (const line of attribute.cliHelp ?? []) expect(USAGE, option).toContain(line);
    }
  });

  it('an attribute settings.ts does not convert reaches the recorder as given, in one variable', () => {
    const settings: RecorderSettings = {
      ...recorderSettings({ root: '/r', socketPath: '/s', sessionId: 'id' }),
      attributes: { unconverted: 7 } as RecorderSettings['attributes'],
    };
    const env = toEnvironment(settings);
    expect(JSON.parse(env[ENV.ATTRIBUTES])).toEqual({ unconverted: 7 });
    expect(fromEnvironment(env)?.attributes).toEqual({ unconverted: 7 });
  });

  it('without such attributes the environment is what it was, and malformed ones are dropped', () => {
    const settings = recorderSettings({ root: '/r', socketPath: '/s', sessionId: 'id', bufferEvents: 4096 });
    expect(settings.attributes).toBeUndefined();
    expect(toEnvironment(settings)[ENV.ATTRIBUTES]).toBeUndefined();
    const env = { ...toEnvironment(settings), [ENV.ATTRIBUTES]: '[1,' };
    expect(fromEnvironment(env)?.attributes).toBeUndefined();
  });
});

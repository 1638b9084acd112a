// The `rewind record` options that are launch attributes, derived from the table
// (protocol/launchAttributes.ts `cliOption`): their specs, their values read back under the
// attribute's name, and their `--help` lines. Knows nothing of what any attribute means.
import { CLI_ATTRIBUTES, type LaunchAttribute, type LaunchArguments } from '../../protocol/launchAttributes';
import { integerOption, optionFlag, optionList, optionValue, type OptionSpec, type ParsedArgs } from './args';

/** Where an option's help text starts: `--name ARG` padded to this many columns. */
const HELP_OPTION_COLUMNS = 27;
const HELP_INDENT = ' '.repeat(10);

function optionSpec(attribute: LaunchAttribute): OptionSpec {
  if (attribute.type === 'boolean') return { kind: 'flag' };
  if (attribute.type === 'array' || attribute.type === 'object') return { kind: 'list' };
  return attribute.type === 'string' && attribute.values
    ? { kind: 'value', choices: attribute.values }
    : { kind: 'value' };
}

/** The option specs of every attribute with a `cliOption`, by option name. */
export const ATTRIBUTE_OPTIONS: Record<string, OptionSpec> = Object.fromEntries(
  CLI_ATTRIBUTES.map(({ option, attribute }) => [option, optionSpec(attribute)]),
);

/**
 * The attributes given on the command line, under their attribute names; one not given is absent
 * (an empty list too: a given --focus turns planning on). An object attribute (`levels`) is left to
 * the caller, which knows its text form.
 */
export function attributeValues(parsed: ParsedArgs): Partial<LaunchArguments> {
  const values: Record<string, unknown> = {};
  for (const { name, option, attribute } of CLI_ATTRIBUTES) {
    if (attribute.type === 'object') continue;
    const value =
      attribute.type === 'boolean'
        ? optionFlag(parsed, option) || undefined
        : attribute.type === 'array'
          ? optionList(parsed, option)
          : attribute.type === 'integer'
            ? integerOption(parsed, option, attribute.check)
            : optionValue(parsed, option);
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) values[name] = value;
  }
  return values as Partial<LaunchArguments>;
}

/** `rewind --help` lines for the attribute options, in table order. */
export function attributeHelp(): string {
  return CLI_ATTRIBUTES.map(({ option, attribute }) => helpLines(option, attribute)).join('');
}

/** An option and its help, the help starting on the option's line when the option leaves room. */
function helpLines(
  option: string,
  attribute: Pick<LaunchAttribute, 'type' | 'values' | 'cliArgument' | 'cliHelp'>,
): string {
  const argument =
    attribute.cliArgument ?? (attribute.values ? attribute.values.join('|') : attribute.type === 'integer' ? 'N' : '');
  const head = argument ? `--${option} ${argument}` : `--${option}`;
  const help = attribute.cliHelp ?? [];
  const pad = ' '.repeat(HELP_OPTION_COLUMNS);
  const lines =
    head.length < HELP_OPTION_COLUMNS
      ? [head.padEnd(HELP_OPTION_COLUMNS) + (help[0] ?? ''), ...help.slice(1).map((line) => pad + line)]
      : [head, ...help.map((line) => pad + line)];
  return lines.map((line) => `${HELP_INDENT}${line.trimEnd()}\n`).join('');
}

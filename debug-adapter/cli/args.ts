// Command-line parsing shared by every subcommand: declared options (flags, valued, repeatable),
// `--` ending rewind's own options, and clear errors for unknown or malformed ones. Knows nothing
// of what the options mean.
import type { Check } from '../../protocol/checks';
import { CliError } from './errors';

export interface OptionSpec {
  /** 'flag' takes no value; 'value' takes one; 'list' takes one and may repeat. */
  kind: 'flag' | 'value' | 'list';
  /** Allowed values, when closed. */
  choices?: readonly string[];
}

export interface ParsedArgs {
  options: Map<string, string[]>;
  positionals: string[];
  /** Everything after the first positional when `stopAtPositional` (the program and its args). */
  rest: string[];
}

/**
 * Parses `--name value`, `--name=value` and flags. With stopAtPositional, the first positional (or
 * `--`) ends rewind's options: what follows belongs to the recorded program, untouched.
 */
export function parseArgs(
  argv: readonly string[],
  specs: Readonly<Record<string, OptionSpec>>,
  stopAtPositional = false,
): ParsedArgs {
  const parsed: ParsedArgs = { options: new Map(), positionals: [], rest: [] };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === '--') {
      parsed.rest.push(...argv.slice(index + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (stopAtPositional) {
        parsed.rest.push(...argv.slice(index));
        break;
      }
      parsed.positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals < 0 ? undefined : equals);
    const spec = specs[name];
    if (!spec) throw new CliError(`unknown option --${name} (see rewind --help)`);
    let value = 'true';
    if (spec.kind !== 'flag') {
      if (equals >= 0) value = arg.slice(equals + 1);
      else if (index + 1 < argv.length) value = argv[++index];
      else throw new CliError(`option --${name} needs a value`);
      if (spec.choices && !spec.choices.includes(value))
        throw new CliError(`option --${name} must be one of ${spec.choices.join(', ')} (got '${value}')`);
    } else if (equals >= 0) throw new CliError(`option --${name} takes no value`);
    const values = parsed.options.get(name) ?? [];
    if (spec.kind !== 'list' && values.length) throw new CliError(`option --${name} given more than once`);
    parsed.options.set(name, [...values, value]);
  }
  return parsed;
}

export function optionValue(parsed: ParsedArgs, name: string): string | undefined {
  return parsed.options.get(name)?.[0];
}

export function optionList(parsed: ParsedArgs, name: string): string[] {
  return parsed.options.get(name) ?? [];
}

export function optionFlag(parsed: ParsedArgs, name: string): boolean {
  return parsed.options.has(name);
}

/** A number option checked by the contract's check (protocol/), so the CLI words it as the launch attribute does. */
export function integerOption(parsed: ParsedArgs, name: string, check: Check): number | undefined {
  const text = optionValue(parsed, name);
  if (text === undefined) return undefined;
  const value = text.trim() === '' ? Number.NaN : Number(text);
  const expected = check(value);
  if (expected !== undefined) throw new CliError(`option --${name} must be ${expected} (got '${text}')`);
  return value;
}

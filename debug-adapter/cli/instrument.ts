// `rewind instrument FILE [--level full|calls]`: prints the code the recorder would run for FILE
// (a debugging aid). Uses the instrumenter exactly as the loader does; knows nothing of recording.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tryInstrument } from '../../runtime/instrument';
import { optionValue, parseArgs } from './args';
import { CliError } from './errors';

export function instrumentCommand(argv: readonly string[]): number {
  const parsed = parseArgs(argv, { level: { kind: 'value', choices: ['full', 'calls'] } });
  if (parsed.positionals.length !== 1)
    throw new CliError('instrument needs exactly one file: rewind instrument FILE [--level full|calls]');
  const filename = resolve(parsed.positionals[0]);
  let code: string;
  try {
    code = readFileSync(filename, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${filename}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const outcome = tryInstrument(code, {
    filename,
    sourceType: sourceTypeOf(filename),
    level: (optionValue(parsed, 'level') ?? 'full') as 'full' | 'calls',
    sourceHash: createHash('sha256').update(code).digest('hex'),
  });
  if (!outcome.ok) throw new CliError(`${filename} is not instrumented (${outcome.reason}): ${outcome.error}`);
  process.stdout.write(outcome.result.code.endsWith('\n') ? outcome.result.code : `${outcome.result.code}\n`);
  return 0;
}

/** How Node would load the file: by extension, else the nearest package.json "type". */
function sourceTypeOf(filename: string): 'commonjs' | 'module' {
  if (/\.m[jt]s$/.test(filename)) return 'module';
  if (/\.c[jt]s$/.test(filename)) return 'commonjs';
  for (let directory = dirname(filename); ; directory = dirname(directory)) {
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: string }).type === 'module'
          ? 'module'
          : 'commonjs';
      } catch {
        return 'commonjs';
      }
    }
    if (dirname(directory) === directory) return 'commonjs';
  }
}

// Validates a Rewind launch configuration after VS Code substituted its ${variables}: every
// attribute's shape (protocol/launchAttributes.ts), then the paths — program or trace, cwd, envFile — against the
// file system, and fills cwd. Returns the configuration to launch or one message listing every
// problem. No vscode: the provider passes plain objects and a file-system probe.
import * as path from 'node:path';
import { LAUNCH_ATTRIBUTES, PROGRAM_EXTENSIONS, type LaunchAttribute } from '../../protocol/launchAttributes';
import type { LaunchConfig } from './defaults';

export interface ValidateContext {
  /** Absolute paths of the workspace folders (the launch folder first, if any). */
  workspaceFolders: readonly string[];
  exists(absolutePath: string): boolean;
}

export type Validation = { ok: true; config: LaunchConfig } | { ok: false; problems: string[] };

export function validateLaunch(input: LaunchConfig, context: ValidateContext): Validation {
  const config: LaunchConfig = { ...input };
  const problems = shapeProblems(config);
  if (config.request !== 'launch')
    problems.unshift(`"request" must be "launch" (Rewind cannot attach); it is ${JSON.stringify(config.request)}.`);
  if (problems.length === 0) problems.push(...pathProblems(config, context));
  return problems.length === 0 ? { ok: true, config } : { ok: false, problems };
}

function shapeProblems(config: LaunchConfig): string[] {
  const problems: string[] = [];
  for (const [name, attribute] of Object.entries(LAUNCH_ATTRIBUTES) as Array<[string, LaunchAttribute]>) {
    const value = config[name];
    const expected = value === undefined ? undefined : attribute.check(value);
    if (expected !== undefined) problems.push(`"${name}" must be ${expected}; it is ${JSON.stringify(value)}.`);
  }
  return problems;
}

/** Resolves program/trace/cwd/envFile in place; reports what cannot be run or read. */
function pathProblems(config: LaunchConfig, context: ValidateContext): string[] {
  const base = context.workspaceFolders[0];
  const absolute = (p: string): string | undefined => (path.isAbsolute(p) ? p : base && path.resolve(base, p));
  const problems: string[] = [];
  const needFile = (name: string, what: string): string | undefined => {
    const resolved = absolute(config[name] as string);
    if (resolved === undefined)
      problems.push(
        `"${name}" must be an absolute path when no folder is open; it is ${JSON.stringify(config[name])}.`,
      );
    else if (!context.exists(resolved)) problems.push(`${what} ${JSON.stringify(resolved)} does not exist.`);
    else config[name] = resolved;
    return resolved;
  };
  if (config.trace !== undefined) {
    if (config.program !== undefined)
      problems.push('Set either "program" (record and debug it) or "trace" (open a saved recording), not both.');
    else needFile('trace', 'The recording');
    return problems;
  }
  if (config.program === undefined) {
    return [
      'No program to debug: set "program" in the launch configuration, or open a JavaScript or TypeScript file in the editor and press F5 again.',
    ];
  }
  const program = config.program as string;
  if (!(PROGRAM_EXTENSIONS as readonly string[]).includes(path.extname(program).toLowerCase())) {
    return [
      `"program" must be a JavaScript or TypeScript file (${PROGRAM_EXTENSIONS.join(' ')}); it is ${JSON.stringify(program)}.`,
    ];
  }
  const resolvedProgram = needFile('program', 'The program');
  if (config.cwd === undefined && resolvedProgram !== undefined)
    config.cwd = defaultCwd(resolvedProgram, context.workspaceFolders);
  else if (config.cwd !== undefined) needFile('cwd', 'The working directory ("cwd")');
  if (config.envFile !== undefined) needFile('envFile', 'The "envFile"');
  return problems;
}

/** The workspace folder that contains the program (the innermost), else the program's directory. */
export function defaultCwd(program: string, workspaceFolders: readonly string[]): string {
  const containing = workspaceFolders
    .filter((folder) => program.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep))
    .sort((a, b) => b.length - a.length);
  return containing[0] ?? path.dirname(program);
}

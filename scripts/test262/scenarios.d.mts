// Types of scenarios.mjs for the TypeScript tests that import it.
import type { Metadata } from './metadata.mjs';
export interface Scenario {
  name: 'sloppy' | 'strict' | 'module' | 'raw';
  module: boolean;
}
export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
  timedOut?: boolean;
}
export function scenariosOf(metadata: Metadata): Scenario[];
export function harnessFilesOf(metadata: Metadata): string[];
export function programText(source: string, metadata: Metadata, scenario: Scenario, harnessDir: string): string;
export function judge(metadata: Metadata, run: RunResult): { pass: boolean; reason: string };

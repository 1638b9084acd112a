// Types of metadata.mjs for the TypeScript tests that import it.
export interface Negative {
  phase: string;
  type: string;
}
export interface Metadata {
  description: string;
  includes: string[];
  flags: string[];
  features: string[];
  negative?: Negative;
}
export function parseMetadata(source: string): Metadata;

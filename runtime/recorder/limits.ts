// Capture limits and redaction settings the encoder reads (from RecorderSettings), plus the
// per-probe flags the loader sets from probe tables (which the recorder never reads itself).
// Knows no encoding: it only holds numbers the encoder consults.

export const limits = {
  maxStringLength: 1024,
  maxCollectionEntries: 100,
  maxDepth: 3,
  /** Entries snapshotted per top-level value across all nested objects (bounds work per event). */
  maxEntriesPerValue: 1000,
  redact: true,
};

export function configureLimits(settings: { maxStringLength: number; maxCollectionEntries: number; maxDepth: number; redact: boolean }): void {
  limits.maxStringLength = settings.maxStringLength;
  limits.maxCollectionEntries = settings.maxCollectionEntries;
  limits.maxDepth = settings.maxDepth;
  limits.redact = settings.redact;
  limits.maxEntriesPerValue = Math.max(settings.maxCollectionEntries * 10, 1000);
}

/** Per-probe flags, indexed by global probe id. */
export const ProbeFlag = {
  /** The probe writes a variable or property whose name looks secret (SEC-10): record a marker. */
  REDACT: 1,
  /** A mutator whose effect the event cannot describe (reordering, arguments not re-passed). */
  RESNAPSHOT: 2,
  /** A property write with a computed key: check the key at run time for redaction. */
  DYNAMIC_KEY: 4,
} as const;

/** Shared with off-thread loaders (a SharedArrayBuffer), so it has a fixed size; ids past it get no flags. */
export let probeFlags: Uint8Array<ArrayBufferLike> = new Uint8Array(1 << 16);

export function useProbeFlags(flags: Uint8Array): void {
  probeFlags = flags;
}

export function setProbeFlags(table: Uint8Array, probeId: number, flags: number): void {
  if (probeId < table.length) table[probeId] = flags;
}

/** SEC-10: keys whose values are secrets. */
export const REDACTED_KEY = /pass(word)?|token|secret|api[-_]?key|auth/i;
export const REDACTED_MARKER = '[redacted by rewind]';

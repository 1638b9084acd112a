// The trace format's public surface: everything other folders may use to write or read a trace.
export * from './version';
export * from './probes';
export * from './hotPath';
export * from './moduleScope';
export * from './events';
export * from './baseKinds';
export * from './extKinds';
export * from './intrinsics';
export * from './wellKnownSymbols';
export * from './records';
export * from './crc32';
export * from './errors';
export * from './eventWalk';
export * from './appendEvents';
export * from './steps';
export {
  decodeValue,
  decodeString,
  decodeStringUnits,
  stringLengths,
  decodePackedText,
  type DecodedValue,
  type DecodedString,
  type StringLookup,
} from './valueDecode';
export * from './environment';
export * from './plan';
export * from './traceReader';
export * from './recordPayloads';
export * from './compactEvents';
export * from './progress';
export * from './liveControl';
export * from './flightHistory';
export * from './fileParts';
export * from './deferred';
export * from './deferredRead';
export * from './stringTable';
export * from './shapeLayout';
export * from './diskReserve';

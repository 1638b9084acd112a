// The trace format's public surface: everything other folders may use to write or read a trace.
export * from './version';
export * from './probes';
export * from './hotPath';
export * from './events';
export * from './records';
export * from './crc32';
export * from './errors';
export * from './eventWalk';
export * from './steps';
export { decodeValue, decodeString, decodePackedText, type DecodedValue, type StringLookup } from './valueDecode';
export * from './environment';
export * from './plan';
export * from './traceReader';
export * from './recordPayloads';
export * from './progress';
export * from './liveControl';
export * from './flightHistory';
export * from './fileParts';

// Bytes ↔ text for Rewind's in-process code on a program's require(): UTF-8, Latin-1, base64 and
// hex without Buffer's methods as the program sees them. Buffer#toString, Buffer.from(string) and
// Buffer#write look up Buffer.prototype.utf8Slice/latin1Slice/utf8Write… on every call, and a
// program may have wrapped or replaced those (INS-25: never change what the program does). So the
// leaf functions are captured when this module is evaluated (the bootloader loads it before any
// user code) and called through Reflect.apply captured then too. Knows encodings; not files.
const { apply } = Reflect;
const { byteLength, from } = Buffer;
const { latin1Slice, utf8Slice, base64Slice, hexSlice } = Buffer.prototype as unknown as Record<
  'latin1Slice' | 'utf8Slice' | 'base64Slice' | 'hexSlice',
  (start: number, end: number) => string
>;
const { base64Write } = Buffer.prototype as unknown as Record<
  'base64Write',
  (text: string, offset: number, length: number) => number
>;
const typedArrayIndexOf = Uint8Array.prototype.indexOf;
const encoder = new TextEncoder();
const encodeMethod = TextEncoder.prototype.encode;
const encodeIntoMethod = TextEncoder.prototype.encodeInto;
const decoder = new TextDecoder();
const decodeMethod = TextDecoder.prototype.decode;

/** `text` as UTF-8 bytes (a Uint8Array of its own). */
export function utf8Bytes(text: string): Uint8Array {
  return apply(encodeMethod, encoder, [text]) as Uint8Array;
}

/** TextEncoder#encodeInto, as captured. */
export function encodeUtf8Into(text: string, bytes: Uint8Array): { read: number; written: number } {
  return apply(encodeIntoMethod, encoder, [text, bytes]) as { read: number; written: number };
}

/** TextDecoder#decode (UTF-8, replacing what is not), as captured. */
export function decodeUtf8(bytes: Uint8Array): string {
  return apply(decodeMethod, decoder, [bytes]) as string;
}

/** Buffer.byteLength of a string in UTF-8 (a leaf: no prototype is consulted). */
export function utf8Length(text: string): number {
  return byteLength(text, 'utf8');
}

/** bytes[start…end) as UTF-8 text, as Buffer#toString('utf8', start, end) reads it. */
export function utf8Text(bytes: Uint8Array, start = 0, end = bytes.length): string {
  return apply(utf8Slice, bytes, [start, end]) as string;
}

/** bytes[start…end) one character a byte, as Buffer#toString('latin1', start, end). */
export function latin1Text(bytes: Uint8Array, start = 0, end = bytes.length): string {
  return apply(latin1Slice, bytes, [start, end]) as string;
}

export function base64Text(bytes: Uint8Array): string {
  return apply(base64Slice, bytes, [0, bytes.length]) as string;
}

/** base64 text (a data URL's payload) as the bytes it encodes. */
export function base64Bytes(text: string): Uint8Array {
  const bytes = new Uint8Array(byteLength(text, 'base64'));
  const written = apply(base64Write, from(bytes.buffer, 0, bytes.length), [text, 0, bytes.length]) as number;
  return written === bytes.length ? bytes : bytes.subarray(0, written);
}

export function hexText(bytes: Uint8Array): string {
  return apply(hexSlice, bytes, [0, bytes.length]) as string;
}

/** A Buffer over bytes[start…end), sharing their memory (Buffer.from of an ArrayBuffer: a leaf). */
export function bufferOver(bytes: Uint8Array, start: number, end: number): Buffer {
  return from(bytes.buffer, bytes.byteOffset + start, end - start);
}

/** The first index of `byte` in `bytes` from `from`, or -1. */
export function indexOfByte(bytes: Uint8Array, byte: number, fromIndex = 0): number {
  return apply(typedArrayIndexOf, bytes, [byte, fromIndex]) as number;
}

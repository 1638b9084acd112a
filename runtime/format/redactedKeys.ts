// Which binding and property names the recorder redacts (SEC-10): shared by the recorder, which
// writes the marker in place of their values, and the instrumenter, which must not make a leaf of
// a function whose values would be redacted (their marker is an interned string). Pure data.

/** Names whose values are recorded as the redaction marker when redaction is on. */
export const REDACTED_KEY = /pass(word)?|token|secret|api[-_]?key|auth/i;

// The format's minor version follows the EXT table (runtime/format/version.ts): a new subkind
// declared `since` a newer minor raises FORMAT_MINOR by itself, so adding an event kind needs no
// edit of version.ts, and no subkind can be declared for a format newer than the one written.
import { describe, expect, it } from 'vitest';
import { EXT_KINDS, EXT_NAMES, FORMAT_MAJOR, FORMAT_MINOR, formatMinorOf } from '../../../runtime/format';

const DECLARED = EXT_NAMES.map((name) => EXT_KINDS[name]);

describe('the format version', () => {
  it('is at least every declared subkind’s version', () => {
    for (const name of EXT_NAMES) {
      const [major, minor] = EXT_KINDS[name].since.split('.').map(Number);
      expect(major, name).toBe(FORMAT_MAJOR);
      expect(minor, `${name} since ${EXT_KINDS[name].since}`).toBeLessThanOrEqual(FORMAT_MINOR);
    }
  });

  it('is raised by a subkind declared for the next minor version, with no other edit', () => {
    const next = FORMAT_MINOR + 1;
    expect(formatMinorOf([...DECLARED, { since: `${FORMAT_MAJOR}.${next}` }], 0)).toBe(next);
    expect(formatMinorOf(DECLARED, 0)).toBeLessThanOrEqual(FORMAT_MINOR);
  });

  it('keeps a minor raised by hand for a change that is not a subkind', () => {
    expect(formatMinorOf(DECLARED, FORMAT_MINOR + 2)).toBe(FORMAT_MINOR + 2);
  });

  it('refuses a subkind declared for another major version', () => {
    expect(() => formatMinorOf([{ since: `${FORMAT_MAJOR + 1}.0` }], 0)).toThrow(/another|since/);
  });
});

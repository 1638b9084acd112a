// The disk reserve both trace writers keep (runtime/format/diskReserve.ts): how much is left free,
// when statfs is asked again, and that a writer that cannot tell refuses nothing.
import { describe, expect, it } from 'vitest';
import { DiskReserve, MAX_RESERVE_BYTES, reserveBytes, type DiskSpace } from '../../../runtime/format';

const MiB = 1 << 20;

/** A disk that the writes fill (and the test may fill more); counts the statfs calls. */
function fakeDisk(totalBytes: number, availableBytes: number) {
  const disk = { space: { totalBytes, availableBytes } as DiskSpace | undefined, calls: 0 };
  const guard = new DiskReserve(() => {
    disk.calls++;
    return disk.space && { ...disk.space };
  });
  const reserve = {
    refuses(bytes: number): string | undefined {
      const refused = guard.refuses(bytes);
      if (refused === undefined && disk.space) disk.space.availableBytes -= bytes;
      return refused;
    },
  };
  return { disk, reserve };
}

describe('reserveBytes', () => {
  it('is 5% of the disk, never more than 1 GiB', () => {
    expect(reserveBytes(100 * MiB)).toBe(5 * MiB);
    expect(reserveBytes(2 ** 40)).toBe(MAX_RESERVE_BYTES);
  });
});

describe('DiskReserve', () => {
  it('refuses the write that would leave less than the reserve, naming what is free and what is kept', () => {
    const { reserve } = fakeDisk(100 * MiB, 6.5 * MiB);
    expect(reserve.refuses(512 * 1024)).toBeUndefined(); // leaves 6 MiB ≥ 5 MiB
    expect(reserve.refuses(1.5 * MiB)).toBe(
      'the disk is nearly full (6.0 MiB free): Rewind stops writing the trace to leave 5.0 MiB to the rest of the ' +
        'machine (5% of the disk, at most 1.0 GiB)',
    );
  });

  it('asks statfs again only after half the margin above the reserve was written, at most every 16 MiB', () => {
    const { disk, reserve } = fakeDisk(100 * MiB, 25 * MiB); // margin 20 MiB: next look after 10 MiB
    expect(reserve.refuses(MiB)).toBeUndefined();
    expect(disk.calls).toBe(1);
    for (let written = 0; written < 9; written++) reserve.refuses(MiB);
    expect(disk.calls).toBe(1);
    disk.space = { totalBytes: 100 * MiB, availableBytes: 5.5 * MiB }; // someone else filled the disk meanwhile
    expect(reserve.refuses(MiB)).toMatch(/nearly full \(5\.5 MiB free\)/);
    expect(disk.calls).toBe(2);

    const big = fakeDisk(2 ** 40, 2 ** 39);
    for (let written = 0; written < 33; written++) big.reserve.refuses(MiB);
    expect(big.disk.calls).toBe(3); // at 0, 16 and 32 MiB
  });

  it('refuses nothing where statfs cannot say, or says the file system has no size (a pseudo one)', () => {
    const unknown = fakeDisk(0, 0);
    unknown.disk.space = undefined;
    expect(unknown.reserve.refuses(100 * MiB)).toBeUndefined();
    const pseudo = fakeDisk(0, 0);
    expect(pseudo.reserve.refuses(100 * MiB)).toBeUndefined();
  });
});

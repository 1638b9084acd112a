// fs and dns values through deferred recording's tagged JSON, as a log would carry them: Stats,
// BigIntStats, StatFs (numbers or bigints) and Dirents come back as Node's own classes with the
// same own keys, values and methods' answers; Buffers, Dates, arrays and plain objects (dns
// results) as themselves.
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { captureFsTemplates, decodeFsValue, encodeFsValue } from '../../../runtime/recorder/nondeterminismFsValues';

const roundTrip = (value: unknown) => decodeFsValue(JSON.parse(JSON.stringify(encodeFsValue(value))));

describe('fs values in a deferred log', () => {
  beforeAll(captureFsTemplates);

  it('rebuilds Stats and BigIntStats as the class Node returns, keys in order', () => {
    for (const stats of [fs.statSync(__filename), fs.statSync(__filename, { bigint: true })]) {
      const fed = roundTrip(stats) as fs.Stats;
      expect(Object.getPrototypeOf(fed)).toBe(Object.getPrototypeOf(stats));
      expect(Object.keys(fed)).toEqual(Object.keys(stats));
      expect(fed.size).toBe(stats.size);
      expect(fed.isFile()).toBe(true);
      expect(fed.mtime.getTime()).toBe(stats.mtime.getTime());
    }
  });

  it('rebuilds StatFs as the class Node returns, keys in order, numbers or bigints as they were', () => {
    for (const stats of [fs.statfsSync(__dirname), fs.statfsSync(__dirname, { bigint: true })]) {
      const fed = roundTrip(stats) as fs.StatsFs;
      expect(Object.getPrototypeOf(fed)).toBe(Object.getPrototypeOf(stats));
      expect(Object.getPrototypeOf(fed).constructor.name).toBe('StatFs');
      expect(Object.entries(fed)).toEqual(Object.entries(stats));
      expect(typeof fed.bfree).toBe(typeof stats.bfree);
    }
  });

  it('rebuilds Dirents with their type', () => {
    const entries = fs.readdirSync(__dirname, { withFileTypes: true });
    const fed = roundTrip(entries) as fs.Dirent[];
    expect(Array.isArray(fed)).toBe(true);
    expect(fed.map((entry) => [entry.name, entry.isFile(), entry.isDirectory(), entry instanceof fs.Dirent])).toEqual(
      entries.map((entry) => [entry.name, entry.isFile(), entry.isDirectory(), true]),
    );
    expect(Object.keys(fed[0])).toEqual(Object.keys(entries[0]));
  });

  it('keeps Buffers, Dates, bigints, undefined and plain objects', () => {
    const value = {
      address: '127.0.0.1',
      family: 4,
      bytes: Buffer.from('hi'),
      when: new Date(5),
      big: 7n,
      none: undefined,
    };
    const fed = roundTrip([value]) as Array<typeof value>;
    expect(fed).toEqual([value]);
    expect(Buffer.isBuffer(fed[0].bytes)).toBe(true);
  });
});

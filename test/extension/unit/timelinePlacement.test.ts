// Where the timeline tab opens: the column it was last in (1–9), remembered per workspace; nothing
// remembered, or a value that is no column, means beside the editor.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  LOCATION_SETTING,
  PLACEMENT_KEY,
  timelineLocation,
  rememberColumn,
  rememberedColumn,
  type PlacementStore,
} from '../../../extension/timeline/placement';

function store(initial: Record<string, unknown> = {}): PlacementStore & { values: Record<string, unknown> } {
  const values = { ...initial };
  return {
    values,
    get: <T>(key: string) => values[key] as T | undefined,
    update: async (key, value) => {
      values[key] = value;
    },
  };
}

describe('timeline placement', () => {
  it('remembers the column the tab is in and ignores a tab outside the editor groups', () => {
    const memento = store();
    expect(rememberedColumn(memento)).toBeUndefined();
    rememberColumn(memento, 1);
    expect(rememberedColumn(memento)).toBe(1);
    rememberColumn(memento, undefined);
    expect(rememberedColumn(memento)).toBe(1);
    rememberColumn(memento, 3);
    expect(memento.values[PLACEMENT_KEY]).toBe(3);
  });

  it('treats anything but a column number as nothing remembered', () => {
    for (const value of [0, 10, -2, 1.5, '1', null])
      expect(rememberedColumn(store({ [PLACEMENT_KEY]: value }))).toBeUndefined();
  });

  it('opens in an editor tab or the bottom panel as the setting says; the panel view shows only when chosen', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
    const setting = manifest.contributes.configuration.properties[LOCATION_SETTING];
    expect(setting.enum).toEqual(['editor', 'panel']);
    expect(timelineLocation(setting.default)).toBe(setting.default);
    expect(timelineLocation('panel')).toBe('panel');
    expect(timelineLocation('sidebar')).toBe('editor');
    expect(timelineLocation(undefined)).toBe('editor');
    // The view lives in a container of the bottom panel, hidden unless the setting names it.
    const [container] = manifest.contributes.viewsContainers.panel;
    expect(manifest.contributes.views[container.id]).toEqual([
      { type: 'webview', id: 'rewind.timelineView', name: 'Timeline', when: `config.${LOCATION_SETTING} == panel` },
    ]);
  });
});

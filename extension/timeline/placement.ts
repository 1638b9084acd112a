// Where the timeline opens (issue 15 §5): an editor tab or a view in the bottom panel (setting
// `rewind.timeline.location`); the tab in the editor group the user last moved it to, remembered
// per workspace, else beside the editor. Knows nothing of the timeline's content.

export const LOCATION_SETTING = 'rewind.timeline.location';
export type TimelineLocation = 'panel' | 'editor';

/** The setting's value, read strictly: an editor tab (the default) unless it names the panel. */
export function timelineLocation(value: unknown): TimelineLocation {
  return value === 'panel' ? 'panel' : 'editor';
}

export const PLACEMENT_KEY = 'rewind.timeline.viewColumn';

/** The part of a vscode.Memento (workspaceState) this needs. */
export interface PlacementStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** The remembered editor column (1–9, as VS Code numbers groups), if any. */
export function rememberedColumn(store: PlacementStore): number | undefined {
  const column = store.get<unknown>(PLACEMENT_KEY);
  return typeof column === 'number' && Number.isInteger(column) && column >= 1 && column <= 9 ? column : undefined;
}

/** Remembers where the tab is now; a tab not in an editor group (undefined) changes nothing. */
export function rememberColumn(store: PlacementStore, column: number | undefined): void {
  if (column !== undefined && column !== rememberedColumn(store)) void store.update(PLACEMENT_KEY, column);
}

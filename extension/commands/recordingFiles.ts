// What a saved recording looks like to the file dialogs: the ".rwd" extension and its filter.
export const RECORDING_EXTENSION = 'rwd';
export const RECORDING_FILTERS = { 'Rewind recordings': [RECORDING_EXTENSION], 'All files': ['*'] };

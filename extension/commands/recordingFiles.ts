// What a saved recording looks like to the file dialogs: the ".rwd" extension and its filter.
// Shared by Open Recording and Save Recording As so the two always agree.
export const RECORDING_EXTENSION = 'rwd';
export const RECORDING_FILTERS = { 'Rewind recordings': [RECORDING_EXTENSION], 'All files': ['*'] };

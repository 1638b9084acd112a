// Why a recording has no step to stop at, in words that point at the real cause (issue 10 item
// 12): "check include and exclude" only when no file was instrumented and the program ended on
// its own; a killed, cut-short or damaged recording, or files left uninstrumented, say so instead.
// Knows the engine's summary only.
import type { RecordingSummary } from '../replay/api';

const LEFT_UNINSTRUMENTED = /uninstrumented|not instrumented|runs unrecorded/;

export function nothingRecordedMessage(summary: RecordingSummary, recordedFiles: number): string {
  if (summary.endReason === 'killed')
    return 'Nothing was recorded: the program was killed before any statement was recorded (see the output above).';
  if (!summary.ended)
    return 'Nothing was recorded: the recording ends before the program did — it was cut short or is damaged (see the notes above).';
  if (recordedFiles > 0)
    return 'Nothing was recorded: the recorded files ran no statement before the program ended (see the output above).';
  if (summary.notes.some((note) => LEFT_UNINSTRUMENTED.test(note)))
    return 'Nothing was recorded: the files that ran were left uninstrumented (see the notes above).';
  return 'Nothing was recorded: no statement of an included file ran (check "include" and "exclude", and the output above).';
}

// Probe ids → what a user sees: source spans, function names, line keys. Unknown probes (no FILE
// record yet, or ever) become an "unknown location" instead of an error. Knows nothing of steps.
import type { ProducerProbeId } from '../../runtime/format';
import type { ProbeTable } from '../trace/history';
import type { SourceSpan } from './api';

const UNKNOWN_SPAN: SourceSpan = { path: undefined, line1: 0, column0: 0, endLine1: 0, endColumn0: 0 };

export class Locations {
  constructor(readonly probes: ProbeTable) {}

  span(probeId: ProducerProbeId): SourceSpan {
    const probe = this.probes.resolve(probeId);
    if (!probe) return UNKNOWN_SPAN;
    const { start, end } = probe.info.range;
    return {
      path: probe.file.path,
      line1: start.line1,
      column0: start.column0,
      endLine1: end.line1,
      endColumn0: end.column0,
    };
  }

  /** A number identifying (file, line) of a probe: line granularity compares these. -1 when unknown. */
  lineKey(probeId: ProducerProbeId): number {
    const probe = this.probes.resolve(probeId);
    return probe ? probe.fileIndex * 0x1000000 + probe.info.range.start.line1 : -1;
  }

  /** Display name of a function probe ("Foo.bar", "<module>"), or a placeholder for unknown code. */
  functionName(functionProbeId: ProducerProbeId): string {
    if (functionProbeId < 0) return '<unknown code>';
    const probe = this.probes.resolve(functionProbeId);
    if (!probe) return `<unknown function #${functionProbeId}>`;
    return probe.info.functionName ?? (probe.info.kind === 'module' ? '<module>' : '<anonymous>');
  }

  isGeneratorFunction(functionProbeId: ProducerProbeId): boolean {
    return this.probes.resolve(functionProbeId)?.info.isGenerator === true;
  }
}

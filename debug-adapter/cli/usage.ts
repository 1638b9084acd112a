// The CLI's help text: the public contract of ARCHITECTURE.md §3 as users read it. The `record`
// options that are launch attributes come from their table (attributeOptions.ts), so a new one
// needs no line here.
import { attributeHelp } from './attributeOptions';

export const USAGE = `Usage: rewind <command> [options]

Commands:
  record [options] -- <script> [args...]
        Run a Node.js program under the recorder. Its stdin, stdout, stderr and exit
        code pass through unchanged; the trace is written to --out, or to a private
        per-user directory (reported on stderr). Ctrl+C, SIGTERM or SIGHUP to rewind
        end the program and its children (SIGKILL after 3 s; a second signal at once).
          --out FILE                 where to write the trace (created with mode 0600)
${attributeHelp()}  expand DEFERRED [-o FILE] [--until-ms N]
        Make the full trace of a deferred recording: run its program again, recorded at
        full, with the logged values fed back and its output checked. Refused when its code
        (or a dependency's) changed or it used TLS, HTTP/2, worker threads or native addons.
        Default output: beside the deferred trace, cached by its hash.
        --until-ms N re-executes only the run's first N ms (a partial trace that says where
        it ends). Exit 3 when the re-execution diverged (the trace then ends where it did,
        and says why).
  info FILE [--json]
        Summarise a trace: events, steps, functions, files (each with the level it
        was recorded at and why), lost events, end reason and exit code, producers,
        duration. Warns when the trace is incomplete.
  export FILE --format chrome-trace [--out F]
        Write the recording as Chrome trace-event JSON for Perfetto and chrome://tracing:
        each function call a slice on its process's thread (with its step range), console
        output and throws as instants. Streams: any size in bounded memory. Default: stdout.
        A deferred recording is expanded first (see expand).
  instrument FILE [--level full|calls]
        Print the instrumented code of FILE (a debugging aid).
  dap
        Serve the Rewind debug adapter (Debug Adapter Protocol) on stdin/stdout.

Options:
  --help       show this help
  --version    show the version

Example:
  rewind record --out loop.rwd -- examples/loop.js && rewind info loop.rwd
`;

// The CLI's help text: the public contract of ARCHITECTURE.md §3 as users read it.

export const USAGE = `Usage: rewind <command> [options]

Commands:
  record [options] -- <script> [args...]
        Run a Node.js program under the recorder. Its stdin, stdout, stderr and exit
        code pass through unchanged; the trace is written to --out, or to a private
        per-user directory (reported on stderr). Ctrl+C, SIGTERM or SIGHUP to rewind
        end the program and its children (SIGKILL after 3 s; a second signal at once).
          --out FILE                 where to write the trace (created with mode 0600)
          --level full|calls         what to record (default: full)
          --include GLOB             files to record (repeatable; default: under cwd)
          --exclude GLOB             files never recorded (repeatable; default: node_modules)
          --overflow block|drop-newest|overwrite-oldest
                                     when the event buffer is full (default: block)
          --buffer-events N          event buffer capacity (rounded up to a power of two)
          --node-arg ARG             an option for node itself, e.g. --node-arg=--max-old-space-size=4096
                                     (repeatable; the launch attribute runtimeArgs)
  info FILE [--json]
        Summarise a trace: events, steps, functions, files, lost events, end reason
        and exit code, producers, duration. Warns when the trace is incomplete.
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

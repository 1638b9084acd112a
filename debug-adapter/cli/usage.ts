// The CLI's help text: the public contract of ARCHITECTURE.md §3 as users read it.

export const USAGE = `Usage: rewind <command> [options]

Commands:
  record [options] -- <script> [args...]
        Run a Node.js program under the recorder. Its stdin, stdout, stderr and exit
        code pass through unchanged; the trace is written to --out, or to a private
        per-user directory (reported on stderr). Ctrl+C, SIGTERM or SIGHUP to rewind
        end the program and its children (SIGKILL after 3 s; a second signal at once).
          --out FILE                 where to write the trace (created with mode 0600)
          --level full|calls|none    what to record (default: full; with --focus, the
                                     level of files outside the focus: default calls;
                                     none = the file runs unrecorded)
          --focus GLOB               record matching files at full, the rest at --level
                                     (repeatable; focused recording)
          --file-level GLOB=LEVEL    this level for matching files, over any focus
                                     (repeatable)
          --include GLOB             files to record (repeatable; default: under cwd)
          --exclude GLOB             files never recorded (repeatable; default: node_modules)
          --overflow block|drop-newest|overwrite-oldest|flight
                                     when the event buffer is full (default: block);
                                     flight keeps only the newest history (a flight recorder)
          --flight-recorder-mib N    with --overflow flight: the history kept, in MiB
                                     (default 64); older events are dropped and counted
          --buffer-events N          event buffer capacity, at least 1024 (rounded up to
                                     a power of two)
          --node-arg ARG             an option for node itself, e.g. --node-arg=--max-old-space-size=4096
                                     (repeatable; the launch attribute runtimeArgs)
          --deferred                 deferred recording: run the program uninstrumented (about
                                     1x) and log only what it reads from clocks, random sources,
                                     the environment, files, stdin, dns and signals; \`expand\`
                                     makes the full trace
  expand DEFERRED [-o FILE] [--until-ms N]
        Make the full trace of a deferred recording: run its program again, recorded at
        full, with the logged values fed back and its output checked. Refused when its code
        (or a dependency's) changed or it used sockets, servers, child processes, workers or
        native addons. Default output: beside the deferred trace, cached by its hash.
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

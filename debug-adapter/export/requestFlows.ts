// The flow arrows of linked HTTP requests in a chrome-trace export: a recorded client's request
// → the recorded server request it caused. Both sides name their TCP connection's ports
// (REQUEST_PEER); a connection's k-th request on one side is its k-th on the other (trace/requestLinks.ts
// says why). An arrow is drawn only once both ends were seen, so an unrecorded peer leaves no
// dangling flow: the side seen first gets its end at its thread's time of the pairing. Knows no records.

/** Where one thread puts its end of an arrow, at its own current time. */
export type FlowPoint = (ph: 's' | 'f', id: number) => void;

interface Waiting {
  point: FlowPoint;
}

export class RequestFlows {
  /** Per connection ("clientPort>serverPort"): one side's requests not paired yet, in order. */
  private readonly clients = new Map<string, Waiting[]>();
  private readonly servers = new Map<string, Waiting[]>();

  constructor(private readonly newId: () => number) {}

  /** A request of `kind` went over the connection (localPort, remotePort) as its side saw it. */
  seen(kind: 'client' | 'server', localPort: number, remotePort: number, point: FlowPoint): void {
    const client = kind === 'client';
    const connection = client ? `${localPort}>${remotePort}` : `${remotePort}>${localPort}`;
    const other = (client ? this.servers : this.clients).get(connection);
    const partner = other?.shift();
    if (!partner) {
      const own = client ? this.clients : this.servers;
      const queue = own.get(connection) ?? [];
      queue.push({ point });
      own.set(connection, queue);
      return;
    }
    const id = this.newId();
    (client ? point : partner.point)('s', id);
    (client ? partner.point : point)('f', id);
  }
}

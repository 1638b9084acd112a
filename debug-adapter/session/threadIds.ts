// The client's thread ids: DAP's thread 0 is nobody's, so a producer (process or worker) is shown
// as its id + 1. Knows nothing else; a leaf so that any session module may convert.
export function toClientThreadId(producerId: number): number {
  return producerId + 1;
}

export function fromClientThreadId(threadId: number): number {
  return threadId - 1;
}

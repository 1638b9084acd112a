// A benchmark figure is only worth printing if the measured run computed what the plain run did: a
// library workload prints a checksum of its output on its BENCH line, and every istanbul or recorded
// run's checksum must equal plain node's. A mismatch is a fidelity regression and stops the bench.
// Knows nothing about how runs are launched or timed.

/**
 * Throws unless `measured` (a parsed BENCH line) printed the checksum `plain` did. Workloads that
 * print none (the Octane kernels: null) are not compared.
 */
export function expectSameOutput(workloadName, variantName, plain, measured) {
  if (plain.checksum === measured.checksum) return;
  throw new Error(
    `FIDELITY REGRESSION in ${workloadName}: the ${variantName} run's output checksum is ` +
      `${JSON.stringify(measured.checksum)}, plain node's ${JSON.stringify(plain.checksum)}. ` +
      'It computed something else; its time is not a speed figure.',
  );
}

// Recursion: `node examples/fib.js [N]` prints the N-th Fibonacci number (default 10).
// fib(N) calls itself 2·fib(N+1) − 1 times in all: good for stepping in, out and back.
function fib(n) {
  if (n < 2) return n;
  return fib(n - 1) + fib(n - 2);
}

const n = Number(process.argv[2] ?? 10);
console.log(`fib(${n}) = ${fib(n)}`);

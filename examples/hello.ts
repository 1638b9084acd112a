// TypeScript: Rewind strips the types as the file loads, keeping every position, so the trace
// points into this .ts file. `rewind record -- examples/hello.ts` (plain Node ≥ 22.6 can run it too).
interface Greeting {
  name: string;
  times: number;
}

function greet({ name, times }: Greeting): string[] {
  const lines: string[] = [];
  for (let index = 0; index < times; index++) {
    lines.push(`hello, ${name} (${index + 1}/${times})`);
  }
  return lines;
}

const greeting: Greeting = { name: 'rewind', times: 3 };
for (const line of greet(greeting)) console.log(line);

// An uncaught exception: the program prints a line, then throws from a nested call. Node prints
// the stack and exits with code 1; recorded, the trace ends with reason "uncaught-exception".
// `node examples/throws.js`
function parseConfig(text) {
  return JSON.parse(text);
}

function loadSettings() {
  const settings = parseConfig('{"port": 8080,}');
  return settings;
}

console.log('loading settings');
loadSettings();

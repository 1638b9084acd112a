// Deferred recording demo program (docs/DEFERRED_RECORDING.md): every line it prints depends on a nondeterministic
// source, so a re-run
// prints the same only if the nondeterminism log is fed back (docs/DEFERRED_RECORDING.md).
'use strict';
const fs = require('node:fs');
const crypto = require('node:crypto');
const { performance } = require('node:perf_hooks');
const path = require('node:path');
const { setImmediate } = require('node:timers');

const seenAt = Date.now();
const today = new Date();
const token = fs.readFileSync(path.join(__dirname, 'token.txt'), 'utf8').trim();
let dice = 0;
for (let i = 0; i < 1000; i++) dice += Math.floor(Math.random() * 6) + 1;
console.log('started', seenAt, today.toISOString(), 'token', token);
console.log('dice total', dice, 'id', crypto.randomUUID(), 'bytes', crypto.randomBytes(4).toString('hex'));
const t0 = performance.now();
let spins = 0;
while (performance.now() - t0 < 5) spins++; // how far a busy loop gets in 5 ms: never the same twice
console.log('spins', spins);
const order = [];
setTimeout(() => order.push('timeout'), 0);
setImmediate(() => order.push('immediate'));
process.nextTick(() => order.push('tick'));
Promise.resolve().then(() => order.push('promise'));
setTimeout(() => console.log('order', order.join(' '), 'elapsed', Date.now() - seenAt), 20);

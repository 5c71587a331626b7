// Loaded into the benchmark's Azurite (node --expose-gc --require): on SIGUSR2, one full collection, then Azurite's live
// heap written to the file AZURITE_HEAP_FILE names. The benchmark asks between phases, so the pause is in no figure.
const fs = require('node:fs');
const v8 = require('node:v8');

process.on('SIGUSR2', () => {
  global.gc();
  const heap = v8.getHeapStatistics();
  const file = process.env.AZURITE_HEAP_FILE;
  fs.writeFileSync(`${file}.tmp`, JSON.stringify({ used: heap.used_heap_size }));
  fs.renameSync(`${file}.tmp`, file);
});

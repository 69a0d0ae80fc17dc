// Child process for crash tests: opens the store described by argv[2] (a StorageSpec as JSON) and
// writes as fast as it can with several writers in flight, printing one line per acknowledged write:
//   ACK <revision> <key> <generation>
// Writes to a pipe are synchronous on Linux, so every ACK line is in the pipe before the next write
// starts; the parent kills this process at a random moment and checks the store against the ACKs.
import { openStorage, type StorageSpec } from '../factory.js';

const spec = JSON.parse(process.argv[2] ?? '{}') as StorageSpec;
const prefix = process.argv[3] ?? '/registry/durability/';
const writers = Number(process.argv[4] ?? 16);

const store = await openStorage(spec);
const value = (gen: number) => JSON.stringify({ gen, pad: 'x'.repeat(512) });

async function writer(id: number): Promise<never> {
  for (let i = 0; ; i++) {
    const key = `${prefix}w${id}-k${i}`;
    let rev = await store.create(key, value(0));
    process.stdout.write(`ACK ${rev} ${key} 0\n`);
    for (let gen = 1; gen <= 2; gen++) {
      rev = await store.update(key, value(gen), rev);
      process.stdout.write(`ACK ${rev} ${key} ${gen}\n`);
    }
  }
}

process.stdout.write('READY\n');
await Promise.all(Array.from({ length: writers }, (_, i) => writer(i)));

// Child process for crash.test.ts: writes readings in batches and prints the last seq of each batch
// once write() has resolved (the moment the gateway would acknowledge it), until it is killed.
import { openSqliteStores } from "../../../gateway/store/open-store.js";

const path = process.argv[2];
if (!path) throw new Error("usage: crash-writer.ts <database file>");
const { readings } = openSqliteStores(path);
const BATCH = 200;
let seq = 0;
for (;;) {
  const batch = Array.from({ length: BATCH }, () => {
    seq += 1;
    return {
      deviceId: "dev-a",
      unitId: "freezer-1",
      seq,
      timeMs: 1_767_600_000_000 + seq * 1000,
      tempC: -20,
    };
  });
  await readings.write(batch);
  process.stdout.write(`acked ${seq}\n`);
}

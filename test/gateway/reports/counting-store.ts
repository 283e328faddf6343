// A readings store that counts the readings a curve reads, for the thaw checkpoint tests: the point
// of a checkpoint is that a curve reads a day, not everything since the bag went in.
import type { ReadingsStore, StoredReading } from "../../../gateway/store/readings-store.js";

/** `store`'s readings, counting what is read; `checkpoints` false: a full replay, as on InfluxDB */
export function counting(store: ReadingsStore, checkpoints: boolean) {
  const counted = {
    read: 0,
    write: (r: StoredReading[]) => store.write(r),
    range: async (q: Parameters<ReadingsStore["range"]>[0]) => {
      const rs = await store.range(q);
      counted.read += rs.length;
      return rs;
    },
    buckets: (q: Parameters<ReadingsStore["buckets"]>[0]) => store.buckets(q),
    latest: (u: string) => store.latest(u),
    close: async () => {},
    ...(checkpoints ? { thawCheckpoints: store.thawCheckpoints } : {}),
  };
  return counted;
}

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteStores } from "../../gateway/store/open-store.js";
import { runReadingsStoreContract } from "./readings-store.contract.js";

runReadingsStoreContract("SQLite file", async () => {
  const dir = mkdtempSync(join(tmpdir(), "milkguard-readings-"));
  const stores = openSqliteStores(join(dir, "milkguard.db"));
  return {
    store: stores.readings,
    cleanup: async () => {
      stores.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

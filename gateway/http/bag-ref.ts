// A bag as a person names it: by its id (links, scripts) or by the code on its label, typed or
// scanned (shared/bags/code.ts: case, spaces and look-alike letters do not matter). A code whose
// check symbol does not match is a typo, and the answer says so rather than "not found".
import { readBagCode } from "../../shared/bags/code.js";
import { AppError, invalid } from "../errors.js";
import type { SiteStore } from "../store/site-store.js";

/** the bag's id; an unknown id comes back as it is, for the caller's lookup to refuse */
export function bagIdOf(site: SiteStore, ref: string): string {
  if (site.batches.get(ref)) return ref;
  const read = readBagCode(ref);
  if (read.ok) {
    const bag = site.batches.byCode(read.code);
    if (!bag)
      throw new AppError(
        "MILK_ERR_NOT_FOUND",
        `no bag has the code ${read.code}: look at the label again`,
        404,
      );
    return bag.id;
  }
  if (read.why === "check") throw invalid(read.message);
  return ref;
}

// The one way a record changes with its line in the audit trail: both in one transaction (an inspector
// never finds a change without its line, nor a line without its change), then the bus is told, and
// those who may read the trail see the line live, once the change is committed: inside a larger
// transaction, once that one is.
import type { EventBus } from "../bus.js";
import type { AuditEntry } from "./records.js";
import type { SiteStore } from "./site-store.js";

export type AuditLine = Parameters<SiteStore["audit"]["append"]>[0];

export function auditedChange(
  site: SiteStore,
  bus: EventBus,
  line: AuditLine,
  change?: () => void,
): AuditEntry {
  return site.transaction(() => {
    change?.();
    const entry = site.audit.append(line);
    site.afterCommit(() => bus.emit("audit", entry));
    return entry;
  });
}

// A device's password is 24 random bytes (192 bits): no guessing attack needs slowing down, so it is
// kept as a salted SHA-256. scrypt, even at its low cost here (1.7 ms), made a reconnect storm of
// 10,000 devices after a restart wait ~17 s of thread-pool time for their CONNACKs (bench scale).
import { randomBytes, scryptSync } from "node:crypto";
import mqtt from "mqtt";
import { afterAll, beforeAll, expect, it } from "vitest";
import { hashDeviceSecret, verifyDeviceSecret } from "../../../gateway/devices/secret.js";
import { addDevice, connectDevice, type Rig, removeDir, startRig } from "./ingest-rig.js";

let r: Rig;
beforeAll(async () => {
  r = await startRig();
});
afterAll(async () => {
  await r.close();
  removeDir(r.dir);
});

it("keeps a device's password as a salted SHA-256, never the same twice", async () => {
  const password = randomBytes(24).toString("base64url");
  const one = hashDeviceSecret(password);
  const two = hashDeviceSecret(password);
  expect(one).toMatch(/^sha256\$[^$]+\$[^$]+$/);
  expect(one).not.toBe(two);
  expect(one).not.toContain(password);
  expect(await verifyDeviceSecret(password, one)).toBe(true);
  expect(await verifyDeviceSecret(`${password}x`, one)).toBe(false);
  expect(await verifyDeviceSecret(password, "sha256$$")).toBe(false);
});

it("lets a device provisioned with an scrypt hash in, and keeps its password as SHA-256 from then on", async () => {
  const { password } = addDevice(r, "older");
  const salt = randomBytes(16);
  const legacy = ["scrypt", 1024, 8, 1, salt.toString("base64")].join("$");
  const hash = scryptSync(password, salt, 32, { N: 1024, r: 8, p: 1 }).toString("base64");
  const device = r.stores.site.devices.get("older");
  if (!device) throw new Error("not provisioned");
  r.stores.site.devices.put({ ...device, secretHash: `${legacy}$${hash}` });

  const wrong = mqtt.connectAsync(`mqtt://127.0.0.1:${r.port}`, {
    ...{ username: "older", clientId: "older", password: "not-it", reconnectPeriod: 0 },
  });
  await expect(wrong).rejects.toThrow(/Bad username or password/i);
  expect(r.stores.site.devices.get("older")?.secretHash).toBe(`${legacy}$${hash}`);

  await (await connectDevice(r.port, "older", password)).endAsync();
  const upgraded = r.stores.site.devices.get("older")?.secretHash ?? "";
  expect(upgraded).toMatch(/^sha256\$/);
  expect(await verifyDeviceSecret(password, upgraded)).toBe(true);
  await (await connectDevice(r.port, "older", password)).endAsync();
});

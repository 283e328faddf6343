// The external-broker settings as a site writes them: validated by the schema, PEM files read at
// start, and a TLS connection to a real Mosquitto listener with a test CA made by openssl.
import { execFileSync } from "node:child_process";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../../gateway/log.js";
import { externalBrokerOptions, externalBrokerSchema } from "../../../gateway/mqtt-external/config.js";
import { connectExternalBroker } from "../../../gateway/mqtt-external/external-link.js";
import { startMosquitto } from "../../servers/mosquitto.js";
import { tempDir } from "../../servers/process.js";

const log = createLogger("silent");
const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A CA and a server certificate for 127.0.0.1, readable by the mosquitto user. */
function testCertificates(): { dir: string; ca: string; cert: string; key: string } {
  const dir = tempDir("tls");
  closers.push(() => dir.remove());
  chmodSync(dir.path, 0o755);
  const at = (name: string) => join(dir.path, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "ignore" });
  writeFileSync(at("san.ext"), "subjectAltName=IP:127.0.0.1\n");
  openssl(
    ..."req -x509 -days 1 -newkey rsa:2048 -nodes -subj /CN=milkguard-test-ca".split(" "),
    "-keyout",
    at("ca.key"),
    "-out",
    at("ca.crt"),
  );
  openssl(
    ..."req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1".split(" "),
    "-keyout",
    at("server.key"),
    "-out",
    at("server.csr"),
  );
  openssl(
    ..."x509 -req -days 1 -CAcreateserial".split(" "),
    ...["-in", at("server.csr"), "-CA", at("ca.crt"), "-CAkey", at("ca.key")],
    ...["-out", at("server.crt"), "-extfile", at("san.ext")],
  );
  for (const file of ["ca.crt", "server.crt", "server.key"]) chmodSync(at(file), 0o644);
  return { dir: dir.path, ca: at("ca.crt"), cert: at("server.crt"), key: at("server.key") };
}

describe("external broker configuration", () => {
  it("names every mistake in the settings", () => {
    const result = externalBrokerSchema.safeParse({
      url: "tcp://broker",
      shareGroup: "a/b",
      sessionExpiryS: -1,
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => i.path.join(".")).sort();
    expect(paths).toEqual(["sessionExpiryS", "shareGroup", "url"]);
  });

  it("connects over TLS with the site's CA file, and refuses a broker it cannot verify", async () => {
    const certs = testCertificates();
    const server = await startMosquitto({
      extraConfig: [`cafile ${certs.ca}`, `certfile ${certs.cert}`, `keyfile ${certs.key}`],
    });
    closers.push(() => server.close());
    const url = `mqtts://127.0.0.1:${server.port}`;

    const trusted = externalBrokerSchema.parse({ url, clientId: "gw-tls", caFile: certs.ca });
    const link = await connectExternalBroker(externalBrokerOptions(trusted, "milkguard", log));
    closers.push(() => link.close());
    expect(link.client.connected).toBe(true);

    const untrusted = externalBrokerSchema.parse({ url, clientId: "gw-untrusted" });
    await expect(connectExternalBroker(externalBrokerOptions(untrusted, "milkguard", log))).rejects.toThrow(
      /certificate/i,
    );
  }, 60_000);
});

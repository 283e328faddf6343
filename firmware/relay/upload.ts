// One visit to a cool box: the relay speaks for the Puck to the gateway, in the Puck's own name
// (its device id and password: the gateway authenticates every device), in the wire protocol's
// order: status online -> the gateway's live config and last ack go to the Puck -> the Puck's backlog
// in batches, each forgotten on the Puck only after the gateway's ack -> status offline.
// Anything that goes wrong leaves the unacknowledged readings on the Puck for the next visit.
import mqtt, { type MqttClient } from "mqtt";
import { decodeAck, decodeReadings, encodeStatus, refusedCount } from "../../shared/protocol/codec.js";
import { signPayload } from "../../shared/protocol/hmac.js";
import { topicFor } from "../../shared/protocol/topics.js";
import { PROTOCOL_VERSION } from "../../shared/protocol/types.js";
import { answerValue, type PuckConsole, PuckException } from "./puck-console.js";

export interface PuckAccount {
  deviceId: string;
  password: string;
  /** PUCKJS or PIXLJS, for the gateway's device list */
  board: string;
  /** when the gateway requires a mac on every readings message (the relay signs for the Puck) */
  hmacKey?: string;
}

export interface UploadOptions {
  /** mqtt://host:port of the gateway's broker */
  gatewayUrl: string;
  prefix: string;
  /** readings per message, as the Puck hands them out (mgBatch) */
  batchSize: number;
  /** how long to wait for the gateway's ack of a batch */
  ackTimeoutMs: number;
  /** how long to wait for the gateway's live config after saying online */
  configTimeoutMs: number;
}

export type UploadProblem =
  /** the Puck did not answer: out of range, or its console is busy */
  | "out_of_reach"
  /** the gateway refused the device's user name or password */
  | "refused"
  /** no gateway at the address, or it went away during the visit */
  | "gateway_unreachable"
  /** a batch was not acknowledged in time */
  | "no_ack"
  /** the Puck answered something the relay cannot use */
  | "puck_error";

export interface UploadReport {
  deviceId: string;
  ok: boolean;
  problem?: UploadProblem;
  detail?: string;
  /** readings the gateway acknowledged during this visit */
  delivered: number;
  /** of those, readings the gateway refused: kept in its quarantine, not stored (the ack's `refused`) */
  refused: number;
  /** the highest sequence the Puck was told to forget, or -1 */
  ackedUpTo: number;
}

/** After the live config, the gateway's last ack follows at once; it may renumber a Puck's readings. */
const LAST_ACK_GRACE_MS = 250;

class Visit {
  private client: MqttClient | undefined;
  private lastAck = -1;
  private liveConfig: string | undefined;
  private waiters = new Set<() => void>();
  private lost: string | undefined;
  private report: UploadReport;

  constructor(
    private readonly puck: PuckAccount,
    private readonly bluetooth: PuckConsole,
    private readonly o: UploadOptions,
  ) {
    this.report = { deviceId: puck.deviceId, ok: false, delivered: 0, refused: 0, ackedUpTo: -1 };
  }

  async run(): Promise<UploadReport> {
    try {
      await this.bluetooth.connect();
    } catch (err) {
      return this.fail("out_of_reach", err);
    }
    try {
      await this.connectGateway();
      await this.setUpPuck();
      await this.sendBacklog();
      await this.goOffline();
      this.report.ok = true;
    } catch (err) {
      if (!(err instanceof VisitError)) throw err;
      this.fail(err.problem, err.message);
    } finally {
      this.client?.end(true);
      await this.bluetooth.disconnect().catch(() => {});
    }
    return this.report;
  }

  private async connectGateway(): Promise<void> {
    const status = this.topic("status");
    try {
      this.client = await mqtt.connectAsync(this.o.gatewayUrl, {
        clientId: this.puck.deviceId,
        username: this.puck.deviceId,
        password: this.puck.password,
        protocolVersion: 4,
        clean: true,
        reconnectPeriod: 0,
        connectTimeout: 10_000,
        will: { topic: status, payload: Buffer.from(this.status("offline")), qos: 1, retain: true },
      });
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      const refused = code === 4 || code === 5;
      throw new VisitError(refused ? "refused" : "gateway_unreachable", String(err));
    }
    const client = this.client;
    client.on("message", (topic, payload, packet) => this.message(topic, payload.toString(), packet.retain));
    client.on("close", () => {
      this.lost = "the gateway closed the connection";
      this.wake();
    });
    await this.gateway(client.subscribeAsync([this.topic("ack"), this.topic("config")], { qos: 1 }));
    await this.gateway(client.publishAsync(status, this.status("online"), { qos: 1, retain: true }));
  }

  /** The clock is set only from a live config: a retained one's time is as old as the message. */
  private async setUpPuck(): Promise<void> {
    await this.until(() => this.liveConfig !== undefined, this.o.configTimeoutMs);
    if (this.liveConfig !== undefined) {
      const answer = await this.puckCall(`mgConfig(${JSON.stringify(this.liveConfig)})`);
      if (answer !== "ok") throw new VisitError("puck_error", `mgConfig answered ${String(answer)}`);
      await this.until(() => this.lastAck >= 0, LAST_ACK_GRACE_MS);
    }
    if (this.lastAck >= 0) await this.forgetUpTo(this.lastAck);
  }

  private async sendBacklog(): Promise<void> {
    for (;;) {
      const text = await this.puckCall(`mgBatch(${this.o.batchSize})`);
      const decoded = typeof text === "string" ? decodeReadings(text) : undefined;
      if (!decoded?.ok) throw new VisitError("puck_error", `mgBatch gave ${String(text).slice(0, 80)}`);
      const last = decoded.value.r.at(-1)?.s;
      if (last === undefined) return;
      const payload = this.puck.hmacKey ? signPayload(this.puck.hmacKey, text as string) : (text as string);
      await this.gateway(
        (this.client as MqttClient).publishAsync(this.topic("readings"), payload, { qos: 1 }),
      );
      const before = this.lastAck;
      await this.until(() => this.lastAck >= last, this.o.ackTimeoutMs);
      if (this.lost) throw new VisitError("gateway_unreachable", this.lost);
      if (this.lastAck < last) {
        if (this.lastAck > before) await this.forgetUpTo(this.lastAck);
        throw new VisitError("no_ack", `no ack for sequence ${last} in ${this.o.ackTimeoutMs} ms`);
      }
      this.report.delivered += decoded.value.r.filter((r) => r.s <= this.lastAck).length;
      await this.forgetUpTo(this.lastAck);
    }
  }

  /** A clean goodbye sends no last will, so the relay says offline itself. */
  private async goOffline(): Promise<void> {
    const client = this.client as MqttClient;
    await this.gateway(
      client.publishAsync(this.topic("status"), this.status("offline"), { qos: 1, retain: true }),
    );
    await client.endAsync();
  }

  private async forgetUpTo(upTo: number): Promise<void> {
    await this.puckCall(`mgAck(${upTo})`);
    this.report.ackedUpTo = upTo;
  }

  private message(topic: string, payload: string, retained: boolean): void {
    if (topic === this.topic("ack")) {
      const ack = decodeAck(payload);
      if (ack.ok) {
        this.lastAck = Math.max(this.lastAck, ack.value.upTo);
        this.report.refused += refusedCount(ack.value);
      }
    } else if (topic === this.topic("config") && !retained) {
      this.liveConfig = payload;
    }
    this.wake();
  }

  private async puckCall(expression: string): Promise<unknown> {
    let answer: string;
    try {
      answer = await this.bluetooth.call(expression);
    } catch (err) {
      const problem = err instanceof PuckException ? "puck_error" : "out_of_reach";
      throw new VisitError(problem, `${expression}: ${String(err)}`);
    }
    try {
      return answerValue(answer);
    } catch {
      throw new VisitError("puck_error", `${expression} answered ${answer.slice(0, 80)}`);
    }
  }

  /** A request to the gateway, given up when the connection goes (mqtt.js may never settle it). */
  private async gateway<T>(work: Promise<T>): Promise<T> {
    let stop = () => {};
    const lost = new Promise<never>((_, reject) => {
      const check = () => {
        if (this.lost) reject(new Error(this.lost));
      };
      this.waiters.add(check);
      stop = () => this.waiters.delete(check);
      check();
    });
    try {
      return await Promise.race([work, lost]);
    } catch (err) {
      throw new VisitError("gateway_unreachable", String(err));
    } finally {
      stop();
    }
  }

  /** Resolves when `done()` holds, the gateway is lost, or after `ms`. */
  private until(done: () => boolean, ms: number): Promise<void> {
    if (done() || this.lost) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (!done() && !this.lost) return;
        finish();
      };
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.waiters.add(check);
    });
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  private topic(channel: "readings" | "status" | "ack" | "config"): string {
    return topicFor(this.o.prefix, this.puck.deviceId, channel);
  }

  private status(state: "online" | "offline"): string {
    return encodeStatus({ v: PROTOCOL_VERSION, state, board: this.puck.board });
  }

  private fail(problem: UploadProblem, detail: unknown): UploadReport {
    this.report.ok = false;
    this.report.problem = problem;
    this.report.detail = String(detail);
    return this.report;
  }
}

class VisitError extends Error {
  constructor(
    readonly problem: UploadProblem,
    message: string,
  ) {
    super(message);
  }
}

/** One visit to a Puck: uploads its backlog and reports what happened; never throws for a lost link. */
export function uploadFrom(
  puck: PuckAccount,
  bluetooth: PuckConsole,
  o: UploadOptions,
): Promise<UploadReport> {
  return new Visit(puck, bluetooth, o).run();
}

// The HTTP side as a part: build() makes the server around the express app; start() listens on the
// configured port (0: a free one), stop() closes it with its open connections (an event stream or a
// kept-alive browser connection would otherwise hold it open).
import { createServer, type Server } from "node:http";
import type { Express } from "express";
import type { Part } from "../part.js";

export class HttpServerPart implements Part {
  readonly name = "http";
  readonly server: Server;

  constructor(
    app: Express,
    private readonly at: { port: number; host: string },
  ) {
    this.server = createServer(app);
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.at.port, this.at.host, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
  }

  async stop(): Promise<void> {
    if (!this.server.listening) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** the port it listens on once started; 0 before */
  get port(): number {
    const address = this.server.address();
    return typeof address === "object" && address ? address.port : 0;
  }
}

// E-mail through the site's SMTP server (nodemailer), pooled so a burst of notices shares a few
// connections. A 5xx reply (a refused address, a bad login) is permanent: trying again cannot help.
// nodemailer is loaded only by a site that sends e-mail (about 3 MiB of heap the others need not carry).
import type { EmailConfig } from "./config.js";
import type { Notifier } from "./notifier.js";
import { renderEmail } from "./render.js";

/** SMTP connections kept open at once: enough for a burst, few enough for a small relay's limits */
const MAX_CONNECTIONS = 3;

export function emailNotifier(config: EmailConfig, timeZone: string, now: () => number): Notifier {
  const transport = import("nodemailer").then(({ createTransport }) =>
    createTransport({
      pool: true,
      maxConnections: MAX_CONNECTIONS,
      host: config.host,
      port: config.port,
      secure: config.tls === "implicit",
      requireTLS: config.tls === "starttls",
      ignoreTLS: config.tls === "none",
      ...(config.user && config.password ? { auth: { user: config.user, pass: config.password } } : {}),
      connectionTimeout: config.timeoutMs,
      greetingTimeout: config.timeoutMs,
      socketTimeout: config.timeoutMs,
    }),
  );
  return {
    channel: "email",
    policy: config,
    async send(message) {
      const { subject, text, html } = renderEmail(message, now(), timeZone);
      try {
        const info = await (await transport).sendMail({
          from: config.from,
          to: message.to.address,
          subject,
          text,
          html,
        });
        return { ok: true, detail: info.response };
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        const problem = err instanceof Error ? err.message : String(err);
        return { ok: false, problem, permanent: code !== undefined && code >= 500 };
      }
    },
    close: () => void transport.then((t) => t.close()),
  };
}

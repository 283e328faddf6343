// SMS through a provider's HTTP API. Twilio's Messages API as it documents it
// (https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource): a
// form-encoded POST of To, From (or MessagingServiceSid) and Body to
// /2010-04-01/Accounts/{AccountSid}/Messages.json with HTTP basic auth (Account SID, Auth Token);
// 201 Created when queued. Or any provider's API as a templated POST (the site writes the body with
// {{to}} and {{text}}). A 4xx other than 429 is permanent: the request itself is wrong.
import type { SmsConfig } from "./config.js";
import type { DeliveryReport, Notifier } from "./notifier.js";
import { renderSms } from "./render.js";

export function smsNotifier(config: SmsConfig, now: () => number): Notifier {
  return {
    channel: "sms",
    policy: config,
    async send(message) {
      const text = renderSms(message, now());
      const request =
        config.provider === "twilio"
          ? twilioRequest(config, message.to.address, text)
          : httpRequest(config, message.to.address, text);
      try {
        const response = await fetch(request.url, {
          ...request.init,
          signal: AbortSignal.timeout(config.timeoutMs),
        });
        return reportOf(response);
      } catch (err) {
        return { ok: false, problem: err instanceof Error ? err.message : String(err) };
      }
    },
  };
}

type Twilio = Extract<SmsConfig, { provider: "twilio" }>;
type HttpSms = Extract<SmsConfig, { provider: "http" }>;

function twilioRequest(config: Twilio, to: string, text: string): { url: string; init: RequestInit } {
  const from = config.from.startsWith("MG") ? "MessagingServiceSid" : "From";
  const auth = Buffer.from(`${config.accountSid}:${config.authToken}`).toString("base64");
  return {
    url: `${config.apiUrl.replace(/\/$/, "")}/2010-04-01/Accounts/${config.accountSid}/Messages.json`,
    init: {
      method: "POST",
      headers: { authorization: `Basic ${auth}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams([
        ["To", to],
        [from, config.from],
        ["Body", text],
      ]).toString(),
    },
  };
}

/** the site's template, with {{to}} and {{text}} put in as JSON strings' insides or form values */
function httpRequest(config: HttpSms, to: string, text: string): { url: string; init: RequestInit } {
  const form = config.contentType.startsWith("application/x-www-form-urlencoded");
  const put = (value: string) => (form ? encodeURIComponent(value) : JSON.stringify(value).slice(1, -1));
  const body = config.body.replaceAll("{{to}}", put(to)).replaceAll("{{text}}", put(text));
  return {
    url: config.url,
    init: { method: "POST", headers: { ...config.headers, "content-type": config.contentType }, body },
  };
}

async function reportOf(response: Response): Promise<DeliveryReport> {
  if (response.ok) return { ok: true, detail: `HTTP ${response.status}` };
  const said = (await response.text().catch(() => "")).slice(0, 200);
  const permanent = response.status >= 400 && response.status < 500 && response.status !== 429;
  return { ok: false, problem: `HTTP ${response.status} ${said}`.trim(), permanent };
}

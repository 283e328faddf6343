// The admin's sensors page: every sensor with its unit, board and firmware, whether it is online, when
// it was last heard, its unit's battery, its Wi-Fi signal and the readings it dropped; provisioning one for a unit and a board,
// giving it new secrets, retiring it. Secrets are shown once, with the sensor's config file to
// download (for `npm run flash -- --device FILE`) and as a QR code.
import QRCode from "qrcode";
import { BOARDS } from "../../../firmware/boards.js";
import type { ProvisionedDevice } from "../../../shared/api/answers.js";
import { get, post } from "../api.js";
import { el, field } from "../dom.js";
import { ago } from "../format.js";
import { currentReader, t } from "../i18n/reader.js";
import type { Page } from "../page.js";
import { errorBox, formError, submitting, table } from "../ui.js";

/** the boards that reach the broker themselves (a Puck.js speaks Bluetooth to a relay instead) */
const WIFI_BOARDS = Object.keys(BOARDS).filter((b) => BOARDS[b]?.entry === "wifi");
/** how often the list asks again, so a sensor coming online shows while the page is open */
const REFRESH_MS = 5_000;

/** the secrets, once: the file to download, its QR code, and what to do with it */
async function secretsPanel(made: ProvisionedDevice): Promise<HTMLElement> {
  const json = `${JSON.stringify(made.firmwareFile, null, 2)}\n`;
  const name = `${made.device.id}.json`;
  const words = t().devices;
  const download = el(
    "a",
    {
      href: URL.createObjectURL(new Blob([json], { type: "application/json" })),
      download: name,
      class: "button",
    },
    words.download,
  );
  const qr = el("img", {
    src: await QRCode.toDataURL(json, { errorCorrectionLevel: "M", margin: 2 }),
    alt: words.qrOf(name),
  });
  return el(
    "section",
    { class: "notice tone-warning secrets", "aria-label": words.secretsOf(made.device.id) },
    el("h2", {}, words.secretsTitle(made.device.id)),
    el("p", {}, words.keepFile),
    el(
      "dl",
      {},
      el("dt", {}, words.password),
      el("dd", {}, el("code", {}, made.password)),
      el("dt", {}, words.hmacKey),
      el("dd", {}, el("code", {}, made.hmacKey)),
      el("dt", {}, words.broker),
      el("dd", {}, `${made.firmwareFile.mqtt.host}:${made.firmwareFile.mqtt.port}`),
    ),
    download,
    qr,
    el("p", {}, words.thenFlash, el("code", {}, `npm run flash -- --device ${name} --port /dev/ttyUSB0`)),
  );
}

/** a battery's volts, two decimals as the reader's language writes them */
function volts(v: number | null | undefined): string {
  if (v === undefined || v === null) return "";
  const format = new Intl.NumberFormat(currentReader().language, {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  return `${format.format(v)} V`;
}

export async function adminDevices(root: HTMLElement, page: Page): Promise<void> {
  const words = t().devices;
  const secrets = el("div", { "aria-live": "polite" });
  const list = el("div", {});
  const failed = (err: unknown) => secrets.replaceChildren(errorBox(err));
  const showSecrets = async (made: ProvisionedDevice) => {
    secrets.replaceChildren(await secretsPanel(made));
    secrets.scrollIntoView();
  };
  const actions = (id: string, retired: boolean) =>
    retired
      ? words.retired
      : el(
          "span",
          {},
          el(
            "button",
            {
              type: "button",
              onclick: () =>
                void post("/api/devices/:id/rotate", { id }).then(showSecrets).then(draw).catch(failed),
            },
            words.newSecrets,
          ),
          " ",
          el(
            "button",
            {
              type: "button",
              class: "danger",
              onclick: () => {
                if (confirm(words.retireConfirm(id)))
                  void post("/api/devices/:id/retire", { id }).then(draw).catch(failed);
              },
            },
            words.retire,
          ),
        );
  const draw = async () => {
    const [devices, units] = await Promise.all([get("/api/devices"), get("/api/units")]);
    const unitOf = new Map(units.map((u) => [u.id, u]));
    const now = Date.now();
    list.replaceChildren(
      table(
        words.columns,
        devices.map((d) => [
          d.id,
          unitOf.get(d.unitId)?.name ?? d.unitId,
          d.board ?? "",
          d.firmware ?? "",
          d.retiredAtMs !== undefined ? words.retired : d.online ? words.online : words.offline,
          d.lastSeenMs === undefined ? words.never : ago(d.lastSeenMs, now),
          volts(unitOf.get(d.unitId)?.batteryV),
          d.rssiDbm === undefined ? "" : `${d.rssiDbm} dBm`,
          String(d.droppedReadings ?? 0),
          actions(d.id, d.retiredAtMs !== undefined),
        ]),
        { "aria-label": words.title },
      ),
    );
    return units;
  };

  const units = await draw();
  const timer = setInterval(() => void draw().catch(() => {}), REFRESH_MS);
  page.onLeave(() => clearInterval(timer));

  const unit = el("select", { name: "unitId" }, ...units.map((u) => el("option", { value: u.id }, u.name)));
  const board = el("select", { name: "board" }, ...WIFI_BOARDS.map((b) => el("option", { value: b }, b)));
  const id = el("input", { name: "id", placeholder: words.namePlaceholder, pattern: "[a-z0-9-]{1,32}" });
  const form = el(
    "form",
    { class: "admin-form", "aria-label": words.add },
    el("h2", {}, words.add),
    field(words.unit, unit),
    field(words.board, board),
    field(words.name, id, words.nameHint),
    el("button", { type: "submit" }, words.addButton),
    formError(),
  );
  form.addEventListener(
    "submit",
    submitting(form, async () => {
      const made = await post("/api/devices", {
        unitId: unit.value,
        board: board.value,
        ...(id.value ? { id: id.value } : {}),
      });
      id.value = "";
      await showSecrets(made);
      await draw();
    }),
  );
  root.replaceChildren(el("h1", {}, words.title), list, form, secrets);
}

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
  const download = el(
    "a",
    {
      href: URL.createObjectURL(new Blob([json], { type: "application/json" })),
      download: name,
      class: "button",
    },
    "Download config file",
  );
  const qr = el("img", {
    src: await QRCode.toDataURL(json, { errorCorrectionLevel: "M", margin: 2 }),
    alt: `QR code of ${name}`,
  });
  return el(
    "section",
    { class: "notice tone-warning secrets", "aria-label": `Secrets of ${made.device.id}` },
    el("h2", {}, `Sensor ${made.device.id}: its secrets, shown this once`),
    el("p", {}, "Keep the file until the sensor is flashed; the gateway keeps only a hash of the password."),
    el(
      "dl",
      {},
      el("dt", {}, "Password"),
      el("dd", {}, el("code", {}, made.password)),
      el("dt", {}, "HMAC key"),
      el("dd", {}, el("code", {}, made.hmacKey)),
      el("dt", {}, "Broker"),
      el("dd", {}, `${made.firmwareFile.mqtt.host}:${made.firmwareFile.mqtt.port}`),
    ),
    download,
    qr,
    el(
      "p",
      {},
      "Then, with the board on USB: ",
      el("code", {}, `npm run flash -- --device ${name} --port /dev/ttyUSB0`),
    ),
  );
}

export async function adminDevices(root: HTMLElement, page: Page): Promise<void> {
  const secrets = el("div", { "aria-live": "polite" });
  const list = el("div", {});
  const failed = (err: unknown) => secrets.replaceChildren(errorBox(err));
  const showSecrets = async (made: ProvisionedDevice) => {
    secrets.replaceChildren(await secretsPanel(made));
    secrets.scrollIntoView();
  };
  const actions = (id: string, retired: boolean) =>
    retired
      ? "retired"
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
            "New secrets",
          ),
          " ",
          el(
            "button",
            {
              type: "button",
              class: "danger",
              onclick: () => {
                if (confirm(`Retire sensor ${id}? It can no longer connect; its readings stay.`))
                  void post("/api/devices/:id/retire", { id }).then(draw).catch(failed);
              },
            },
            "Retire",
          ),
        );
  const draw = async () => {
    const [devices, units] = await Promise.all([get("/api/devices"), get("/api/units")]);
    const unitOf = new Map(units.map((u) => [u.id, u]));
    const now = Date.now();
    list.replaceChildren(
      table(
        [
          "Sensor",
          "Unit",
          "Board",
          "Firmware",
          "State",
          "Last heard",
          "Battery",
          "Signal",
          "Dropped readings",
          "Actions",
        ],
        devices.map((d) => [
          d.id,
          unitOf.get(d.unitId)?.name ?? d.unitId,
          d.board ?? "",
          d.firmware ?? "",
          d.retiredAtMs !== undefined ? "retired" : d.online ? "● online" : "○ offline",
          d.lastSeenMs === undefined ? "never" : ago(d.lastSeenMs, now),
          unitOf.get(d.unitId)?.batteryV?.toFixed(2).concat(" V") ?? "",
          d.rssiDbm === undefined ? "" : `${d.rssiDbm} dBm`,
          String(d.droppedReadings ?? 0),
          actions(d.id, d.retiredAtMs !== undefined),
        ]),
        { "aria-label": "Sensors" },
      ),
    );
    return units;
  };

  const units = await draw();
  const timer = setInterval(() => void draw().catch(() => {}), REFRESH_MS);
  page.onLeave(() => clearInterval(timer));

  const unit = el("select", { name: "unitId" }, ...units.map((u) => el("option", { value: u.id }, u.name)));
  const board = el("select", { name: "board" }, ...WIFI_BOARDS.map((b) => el("option", { value: b }, b)));
  const id = el("input", { name: "id", placeholder: "made up when left empty", pattern: "[a-z0-9-]{1,32}" });
  const form = el(
    "form",
    { class: "admin-form", "aria-label": "Add a sensor" },
    el("h2", {}, "Add a sensor"),
    field("Unit", unit),
    field("Board", board),
    field("Sensor name", id, "a-z, 0-9 and '-'; it is part of the MQTT topics"),
    el("button", { type: "submit" }, "Add the sensor"),
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
  root.replaceChildren(el("h1", {}, "Sensors"), list, form, secrets);
}

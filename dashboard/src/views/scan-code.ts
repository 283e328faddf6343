// Reading bag labels' QR codes with the device's camera: the platform's BarcodeDetector where the
// browser has one (Android, macOS, ChromeOS), else jsQR on the video's frames (loaded only then).
// Each label read is handed over once; scanning goes on, bag after bag, until "Stop camera".
import { readBagCode } from "../../../shared/bags/code.js";
import { el } from "../dom.js";
import { t } from "../i18n/reader.js";

/** how often a frame is looked at: often enough to feel instant, rarely enough for a phone's battery */
const FRAME_MS = 200;

type Detect = (video: HTMLVideoElement) => Promise<string[]>;

interface DetectorLike {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}

declare global {
  interface Window {
    BarcodeDetector?: {
      new (options: { formats: string[] }): DetectorLike;
      getSupportedFormats(): Promise<string[]>;
    };
  }
}

async function detector(): Promise<Detect> {
  const platform = window.BarcodeDetector;
  if (platform && (await platform.getSupportedFormats()).includes("qr_code")) {
    const d = new platform({ formats: ["qr_code"] });
    return async (video) => (await d.detect(video)).map((b) => b.rawValue);
  }
  const { default: jsQR } = await import("jsqr");
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  return async (video) => {
    if (!context || video.videoWidth === 0) return [];
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    context.drawImage(video, 0, 0);
    const { data, width, height } = context.getImageData(0, 0, canvas.width, canvas.height);
    const found = jsQR(data, width, height, { inversionAttempts: "dontInvert" });
    return found ? [found.data] : [];
  };
}

/** a "Scan labels" button and, once pressed, the camera's view; `onCode` gets each new bag code read */
function scanner(onCode: (code: string) => void): HTMLElement {
  const video = el("video", { class: "scan-video", muted: true, playsinline: true, "aria-hidden": "true" });
  const status = el("p", { class: "scan-status", role: "status" });
  const words = t().scan;
  const stop = el("button", { type: "button" }, words.stop);
  const start = el("button", { type: "button", class: "scan-start" }, words.start);
  const view = el("div", { class: "scan", hidden: true }, video, status, stop);
  const seen = new Set<string>();
  let stream: MediaStream | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;

  const end = () => {
    clearInterval(timer);
    for (const track of stream?.getTracks() ?? []) track.stop();
    stream = undefined;
    view.hidden = true;
    start.hidden = false;
  };
  stop.addEventListener("click", () => {
    end();
    start.focus();
  });
  start.addEventListener("click", async () => {
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    } catch {
      status.textContent = words.noCamera;
      view.hidden = false;
      return;
    }
    start.hidden = true;
    view.hidden = false;
    status.textContent = words.point;
    video.srcObject = stream;
    await video.play();
    const detect = await detector();
    let busy = false;
    const look = async () => {
      // the user left the page: the camera goes off with it
      if (!video.isConnected) return end();
      if (busy) return;
      busy = true;
      for (const text of await detect(video).catch(() => [])) {
        const read = readBagCode(text);
        if (!read.ok || seen.has(read.code)) continue;
        seen.add(read.code);
        onCode(read.code);
        status.textContent = words.read(read.code);
      }
      busy = false;
    };
    timer = setInterval(() => void look(), FRAME_MS);
  });
  return el("div", { class: "scanner no-print" }, start, view);
}

/** a field for bag codes, typed or scanned, each checked as it is typed (a typo shows before sending) */
export interface CodesField {
  control: HTMLInputElement | HTMLTextAreaElement;
  /** what the check found, shown under the field */
  check: HTMLElement;
  scan: HTMLElement;
  /** the codes in the field as typed, and the messages of those whose check letter does not match */
  read(): { codes: string[]; typos: string[] };
}

let fields = 0;

/** `many`: one code per line (a pick-up); else one code, which a scan replaces */
export function codesField(name: string, many: boolean): CodesField {
  const checkId = `code-check-${++fields}`;
  const attributes = {
    name,
    required: true,
    autocapitalize: "characters",
    autocomplete: "off",
    spellcheck: false,
    "aria-describedby": checkId,
  };
  const control = many ? el("textarea", { ...attributes, rows: 3 }) : el("input", attributes);
  const check = el("p", { id: checkId, class: "code-check", "aria-live": "polite" });
  const read = () => {
    const codes = control.value.split(/[\n,;]+/).filter((l) => l.trim());
    // the check's words in the reader's language (the shared reading says it in English)
    const typos = codes
      .map(readBagCode)
      .flatMap((r) => (!r.ok && r.why === "check" ? [t().scan.typo(r.code)] : []));
    check.replaceChildren(...typos.map((t) => el("span", { class: "tone-critical" }, `‼ ${t}`)));
    return { codes, typos };
  };
  control.addEventListener("input", () => void read());
  const scan = scanner((code) => {
    const { codes } = read();
    const known = codes.some((typed) => {
      const r = readBagCode(typed);
      return r.ok && r.code === code;
    });
    if (!many) control.value = code;
    else if (!known) control.value = [...codes, code].join("\n");
    read();
  });
  return { control, check, scan, read };
}

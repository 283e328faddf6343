// A person's own language and temperature unit, or the site's; saved on her account
// (POST /api/me/preferences), then the page starts again in them.
import { LANGUAGES, type Language, TEMPERATURE_UNITS } from "../../../shared/api/preferences.js";
import { post } from "../api.js";
import { el, field } from "../dom.js";
import { currentReader, t } from "../i18n/reader.js";
import type { Page } from "../page.js";
import { formError, submitting } from "../ui.js";

/** each language named in itself, so a reader finds hers whatever the page's language */
const LANGUAGE_NAMES: Record<Language, string> = { en: "English", fr: "Français" };

function choices<V extends string>(
  name: string,
  values: readonly V[],
  label: (v: V) => string,
  chosen: V | undefined,
  siteDefault: V,
): HTMLSelectElement {
  const words = t().preferences;
  return el(
    "select",
    { name },
    el("option", { value: "", selected: chosen === undefined }, words.siteDefault(label(siteDefault))),
    ...values.map((v) => el("option", { value: v, selected: chosen === v }, label(v))),
  );
}

export async function preferencesView(root: HTMLElement, page: Page): Promise<void> {
  const words = t().preferences;
  const { user } = page;
  const language = choices(
    "language",
    LANGUAGES,
    (l) => LANGUAGE_NAMES[l],
    user.language,
    user.site.language,
  );
  const unit = choices(
    "temperatureUnit",
    TEMPERATURE_UNITS,
    (u) => `°${u}`,
    user.temperatureUnit,
    user.site.temperatureUnit,
  );
  const form = el(
    "form",
    { class: "preferences" },
    field(words.language, language),
    field(words.unit, unit),
    el("button", { type: "submit" }, words.save),
    formError(),
  );
  form.addEventListener(
    "submit",
    submitting(form, async () => {
      await post("/api/me/preferences", {
        language: language.value ? (language.value as Language) : null,
        temperatureUnit: unit.value === "C" || unit.value === "F" ? unit.value : null,
      });
      // every page, the navigation and the chart read the new words and unit from the start
      location.reload();
    }),
  );
  root.append(el("h1", {}, words.title), el("p", {}, words.timeZone(currentReader().timeZone)), form);
}

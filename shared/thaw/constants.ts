// The thaw model's numbers, as data with their sources (docs/sources.md), the same way storage limits
// are. docs/thaw-model.md has the derivation, the calibration and the error the model allows.
import type { Sourced } from "../profiles/types.js";

const s = (value: number, source: string): Sourced => ({ value, source });

/** What milk is made of, thermally. Cow's milk stands in where human milk has no published figure. */
export const MILK = {
  freezingPointC: s(
    -0.55,
    "docs/sources.md#soto-mendez-2016 osmolality 290-300 mOsm/kg x 1.86 K kg/mol -> -0.54 to -0.56 C [D]",
  ),
  densityKgPerMl: s(
    0.00103,
    "docs/sources.md#goff-dairy-density milk 1.027-1.035 g/ml [S] (cow's milk; human milk is as watery)",
  ),
  /** latent heat of the milk as a whole: its water (87.5 %) melting at 334 kJ/kg */
  latentHeatJPerKg: s(289_000, "docs/sources.md#earle-food-thermal-data milk 289 kJ/kg [S] (cow's milk)"),
  specificHeatFrozenJPerKgK: s(
    2_050,
    "docs/sources.md#earle-food-thermal-data milk below freezing 2.05 kJ/(kg K) [S] (cow's milk)",
  ),
  specificHeatLiquidJPerKgK: s(
    3_900,
    "docs/sources.md#earle-food-thermal-data milk above freezing 3.9 kJ/(kg K) [S] (cow's milk)",
  ),
};

/**
 * Heat flow from the air into a bag or bottle, per m2 of its surface and per degree: free convection
 * plus radiation from the walls around it. Still air gives 6.6-10 W/m2K between a 4 C fridge and a
 * 22 C room; a fridge's fan or the shelf a bag lies on only add to it. The model takes the fast end,
 * so in still air it does not thaw milk slower than milk really thaws (docs/thaw-model.md#calibration).
 */
export const FILM_COEFFICIENT_W_PER_M2_K = s(
  10,
  "[D] fast end of 6.6-10 W/m2K: convection docs/sources.md#engineersedge-natural-convection [S] (within docs/sources.md#cengel-convection 2-25 [P]) + radiation 4.2-4.7 W/m2K, docs/thaw-model.md#calibration",
);

/**
 * How milk lies in its container. A flat bag lies on a shelf: a smaller fill spreads over nearly the
 * same footprint and is thinner, so its face grows only with the cube root of the volume (a 120 ml bag
 * 0.8 cm thick over 150 cm2, a 60 ml bag 0.5 cm over 119 cm2). A bottle stands: a cylinder whose fill
 * is twice as high as it is wide (250 ml: 5.4 cm across, 10.8 cm high).
 */
export const CONTAINERS = {
  flatBagReferenceMl: s(120, "[D] reference fill of a flat storage bag, docs/thaw-model.md#geometry"),
  flatBagReferenceFaceCm2: s(
    150,
    "[D] one face of a 120 ml fill lying flat (about 10 x 15 cm, 0.8 cm thick), docs/thaw-model.md#geometry",
  ),
  bottleFillHeightPerDiameter: s(2, "[D] a feeding bottle's fill, docs/thaw-model.md#geometry"),
};

/** The freezing point alone, for the rules that compare an air or milk temperature with it. */
export const FREEZING_POINT_C = MILK.freezingPointC.value;

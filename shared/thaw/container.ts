// The surface through which a bag or bottle takes heat from the air, from its volume and shape
// (docs/thaw-model.md#geometry). Only the area matters to the model: the milk is taken to be at one
// temperature throughout, which a thin bag nearly is.
import type { BatchSpec } from "../rules/types.js";
import { CONTAINERS } from "./constants.js";

const CM2_PER_M2 = 10_000;

/** Surface exchanging heat with the air, m2. */
export function surfaceAreaM2(spec: Pick<BatchSpec, "volumeMl" | "container">): number {
  if (spec.container === "flat-bag") {
    // both faces; the footprint grows with the cube root of the fill, the thickness with the rest
    const scale = Math.cbrt(spec.volumeMl / CONTAINERS.flatBagReferenceMl.value);
    return (2 * CONTAINERS.flatBagReferenceFaceCm2.value * scale) / CM2_PER_M2;
  }
  // a cylinder whose fill height is k diameters: V = pi r^2 (2 k r), area = 2 pi r^2 + 2 pi r (2 k r)
  const k = CONTAINERS.bottleFillHeightPerDiameter.value;
  const radiusM = Math.cbrt((spec.volumeMl * 1e-6) / (2 * k * Math.PI));
  return 2 * Math.PI * radiusM * radiusM * (1 + 2 * k);
}

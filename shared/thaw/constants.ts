// Physical constants of the thaw model and how they were chosen (docs/thaw-model.md has the derivation).
import type { BatchSpec } from "../rules/types.js";

/** Freezing point of human milk, C: osmolality 290-300 mOsm/kg x 1.86 K kg/mol (guidelines 2 "Freezing point" [D]). */
export const FREEZING_POINT_C = -0.55;
/** Milk is ~87 % water; the solids do not melt. */
const WATER_FRACTION = 0.87;
/** Latent heat of melting ice, J/kg (physics). */
const LATENT_ICE_J_PER_KG = 334_000;
/** Density of human milk, kg/ml (~1.03 g/ml). */
const DENSITY_KG_PER_ML = 0.00103;
/** Specific heat of liquid milk, J/(kg K). */
const C_LIQUID_J_PER_KG_K = 3_900;
/** Specific heat of frozen milk, J/(kg K): 0.87 x ice 2,050 + 0.13 x solids ~1,500. */
const C_FROZEN_J_PER_KG_K = 1_980;
/** Flat storage bag lying on a shelf: thickness ~1 cm, so two faces of V / 1 cm each. */
const BAG_THICKNESS_M = 0.01;
/** Effective film coefficient of a bag on a shelf in still air (convection + shelf contact), W/(m2 K). */
const BAG_H_W_PER_M2_K = 10;
/** A bottle (height = 2 x diameter) stands in air and exchanges through its wall: lower coefficient. */
const BOTTLE_H_W_PER_M2_K = 5;

const massKg = (volumeMl: number) => volumeMl * DENSITY_KG_PER_ML;

export function latentHeatJ(volumeMl: number): number {
  return massKg(volumeMl) * WATER_FRACTION * LATENT_ICE_J_PER_KG;
}

export function heatCapacityJPerK(volumeMl: number): { frozen: number; liquid: number } {
  return { frozen: massKg(volumeMl) * C_FROZEN_J_PER_KG_K, liquid: massKg(volumeMl) * C_LIQUID_J_PER_KG_K };
}

/** hA, W/K: how fast heat flows between the air and the milk per degree of difference. */
export function heatTransferWPerK(spec: Pick<BatchSpec, "volumeMl" | "container">): number {
  const volumeM3 = spec.volumeMl * 1e-6;
  if (spec.container === "flat-bag") return BAG_H_W_PER_M2_K * ((2 * volumeM3) / BAG_THICKNESS_M);
  // cylinder with h = 4r: V = 4 pi r^3, area = 2 pi r^2 + 2 pi r h = 10 pi r^2
  const radiusM = Math.cbrt(volumeM3 / (4 * Math.PI));
  return BOTTLE_H_W_PER_M2_K * 10 * Math.PI * radiusM * radiusM;
}

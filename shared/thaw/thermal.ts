// One batch's thermal figures (heat capacities, latent heat, how fast heat flows in), from its volume
// and container; computed once per batch, since the rules step every bag at every reading.
import type { BatchSpec } from "../rules/types.js";
import { FILM_COEFFICIENT_W_PER_M2_K, MILK } from "./constants.js";
import { surfaceAreaM2 } from "./container.js";

export interface Thermal {
  /** heat capacity of the whole batch, J/K, frozen and liquid */
  cFrozen: number;
  cLiquid: number;
  /** heat to melt all its ice at the freezing point, J */
  latent: number;
  /** heat flow between air and milk per degree of difference, W/K */
  hA: number;
}

const cache = new WeakMap<BatchSpec, Thermal>();

export function thermalOf(spec: BatchSpec): Thermal {
  const cached = cache.get(spec);
  if (cached) return cached;
  const massKg = spec.volumeMl * MILK.densityKgPerMl.value;
  const thermal: Thermal = {
    cFrozen: massKg * MILK.specificHeatFrozenJPerKgK.value,
    cLiquid: massKg * MILK.specificHeatLiquidJPerKgK.value,
    latent: massKg * MILK.latentHeatJPerKg.value,
    hA: FILM_COEFFICIENT_W_PER_M2_K.value * surfaceAreaM2(spec),
  };
  cache.set(spec, thermal);
  return thermal;
}

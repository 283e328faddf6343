// Board and pins are configuration: a pin by its name ("D4", "LED1"), as pins are Espruino globals.
export function pinNamed(name: string): Pin {
  return global[name] as Pin;
}

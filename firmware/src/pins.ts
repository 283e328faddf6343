// Board and pins are configuration: a pin by its name ("D4", "LED1"), as pins are Espruino globals.
// A name the board does not define gives undefined (ESP8266_4MB has no LED1).
export function pinNamed(name: string): Pin | undefined {
  return global[name] as Pin | undefined;
}

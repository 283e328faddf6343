// The local alarm: LED or buzzer on while the air is past the limit, with or without a network.
// Limits come from the build (the unit's profile) until the gateway's config replaces them. The pin
// comes from the board table or the device file; a board without it (an ESP8266 has no LED1) keeps
// the alarm's state, says so once at boot, and never writes to a pin that is not there.
import { pinNamed } from "./pins.js";

export class Alarm {
  highC: number | undefined;
  lowC: number | undefined;
  on: boolean;
  private _pin: Pin | undefined;

  constructor(pinName: string | undefined, highC: number | undefined, lowC: number | undefined) {
    this._pin = pinName ? pinNamed(pinName) : undefined;
    if (this._pin === undefined)
      console.log(
        `MilkGuard: no alarm pin${pinName ? ` (${pinName} is not a pin on this board)` : ""}: local alarm off`,
      );
    this.highC = highC;
    this.lowC = lowC;
    this.on = false;
  }

  /** A reading without a temperature leaves the alarm as it was. */
  check(c: number | null): void {
    if (c === null) return;
    const on = (this.highC !== undefined && c > this.highC) || (this.lowC !== undefined && c < this.lowC);
    const changed = on !== this.on;
    this.on = on;
    if (changed && this._pin !== undefined) digitalWrite(this._pin, on ? 1 : 0);
  }
}

// The local alarm: LED or buzzer on while the air is past the limit, with or without a network.
// Limits come from the build (the unit's profile) until the gateway's config replaces them.

export class Alarm {
  highC: number | undefined;
  lowC: number | undefined;
  on: boolean;
  private _pin: Pin;

  constructor(pin: Pin, highC: number | undefined, lowC: number | undefined) {
    this._pin = pin;
    this.highC = highC;
    this.lowC = lowC;
    this.on = false;
  }

  /** A reading without a temperature leaves the alarm as it was. */
  check(c: number | null): void {
    if (c === null) return;
    const on = (this.highC !== undefined && c > this.highC) || (this.lowC !== undefined && c < this.lowC);
    if (on !== this.on) digitalWrite(this._pin, on ? 1 : 0);
    this.on = on;
  }
}

// Placeholder until the firmware issue lands.
export {};

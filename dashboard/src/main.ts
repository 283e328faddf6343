// Placeholder until the dashboard issue lands.
export {};

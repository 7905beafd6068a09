/** The product version reported by every program and registered by the scheduler. */
export const FREEZER_VERSION = '0.1.0';

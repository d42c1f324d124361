/** Kept equal to package.json's version by a test. */
export const PACKAGE_NAME = 'genai-telemetry';
export const PACKAGE_VERSION = '0.1.0';

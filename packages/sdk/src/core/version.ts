/** The SDK's name and version, as sent in every batch. */
export const SDK_NAME = '@robotforge/sdk';
export const SDK_VERSION = '0.1.0';

/** The directory of the built console, built first when its sources changed since the last build. */
export function consoleAssets(): Promise<string>;

// Finds the Chromium the browser tests use: $PODIUM_CHROMIUM, else Debian's /usr/bin/chromium.
// Playwright's own browser download needs the internet, so it is never used.
import { existsSync } from 'node:fs';

/** Path of a Chromium binary, or undefined. */
export function findChromium() {
  const candidates = [process.env.PODIUM_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  return candidates.find((p) => existsSync(p));
}

/** The message printed when none is found. */
export const NO_CHROMIUM = `Podium's browser tests need Chromium and none was found.
  On Debian or Ubuntu:   sudo apt-get install -y chromium
  Elsewhere:             set PODIUM_CHROMIUM=/path/to/chromium (or chrome)
(\`npx playwright install\` is not used: it downloads browsers from the internet.)`;

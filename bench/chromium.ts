/**
 * Debian's chromium, driven by playwright-core (whose own browser download does not work
 * here), headless and offline: for the viewer's browser tests and its benchmark. Playwright
 * gives each launch a fresh profile directory of its own.
 */
import { chromium, type Browser } from "playwright-core";

/** Where Debian's package puts the browser (`.ci/run` installs it when missing). */
export const CHROMIUM = "/usr/bin/chromium";

/** Launches headless chromium. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
}

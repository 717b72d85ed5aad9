// The CLI's version and home page, taken from package.json when the CLI is bundled.
import packageJson from '../../package.json';

export const packageVersion: string = packageJson.version;

/** Where users read about the tool; SARIF viewers link to it. Absent when package.json names no homepage or repository. */
export const packageHomepage: string | undefined = homepageOf(packageJson as { homepage?: string; repository?: string | { url?: string } });

/** The home page of a package.json: its homepage, else its repository when that is an https address (as a browser opens it). */
export function homepageOf(manifest: { homepage?: string; repository?: string | { url?: string } }): string | undefined {
  if (typeof manifest.homepage === 'string') return manifest.homepage;
  // No repository address reads as `undefined`, which is no https address.
  const repository = String(typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url);
  if (/^(git\+)?https:\/\//.test(repository)) return repository.replace(/^git\+/, '').replace(/\.git$/, '');
  return undefined;
}

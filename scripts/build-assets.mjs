// Copies the built front-end packages into static/dist (not committed; `make assets` runs this).
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const out = join(root, "static", "dist");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const copies = [
  ["@uswds/uswds/dist/css/uswds.min.css", "uswds/css/uswds.min.css"],
  // The source maps the minified files name: collectstatic's manifest storage checks every
  // file a stylesheet or script refers to, so production builds fail without them.
  ["@uswds/uswds/dist/css/uswds.min.css.map", "uswds/css/uswds.min.css.map"],
  ["@uswds/uswds/dist/js/uswds.min.js", "uswds/js/uswds.min.js"],
  ["@uswds/uswds/dist/js/uswds.min.js.map", "uswds/js/uswds.min.js.map"],
  ["@uswds/uswds/dist/fonts", "uswds/fonts"],
  ["@uswds/uswds/dist/img", "uswds/img"],
  ["htmx.org/dist/htmx.min.js", "htmx/htmx.min.js"],
];
for (const [from, to] of copies) {
  cpSync(join(modules, from), join(out, to), { recursive: true });
}
console.log(`front-end assets copied to ${out}`);

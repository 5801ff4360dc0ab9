// The topic pages as strings: loaded only by `syncstat help <topic>` (and read by the man-page build).
// The text is documentation beside the README (docs/help/*.md, which GitHub renders too): like the
// README, it names the services, which nothing under src/ outside src/providers/ does.
import config from '../../docs/help/config.md';
import fleet from '../../docs/help/fleet.md';
import output from '../../docs/help/output.md';
import waiting from '../../docs/help/waiting.md';

export const TOPIC_TEXT: Readonly<Record<string, string>> = { config, output, waiting, fleet };

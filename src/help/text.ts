// The topic pages as strings: loaded only by `syncstat help <topic>` (and read by the man-page build).
import config from './config.md';
import fleet from './fleet.md';
import output from './output.md';
import waiting from './waiting.md';

export const TOPIC_TEXT: Readonly<Record<string, string>> = { config, output, waiting, fleet };

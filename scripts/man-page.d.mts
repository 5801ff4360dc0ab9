export function roffText(text: string): string;
export function roffBlock(lines: string[]): string;
export function topicToRoff(heading: string, markdown: string): string;
export function writeManPage(root: URL, version: string): Promise<void>;

/** docs/help/*.md, bundled as strings (scripts/build.mjs and vitest.config.ts load them as text). */
declare module '*.md' {
  const text: string;
  export default text;
}

// The example designs are bundled as text (esbuild's text loader for .stamp files).
declare module '*.stamp' {
  const text: string;
  export default text;
}

// @foliojs-fork/fontkit ships no types; pdf-lib declares the part of fontkit it calls.
declare module '@foliojs-fork/fontkit' {
  const fontkit: Parameters<import('pdf-lib').PDFDocument['registerFontkit']>[0];
  export default fontkit;
}

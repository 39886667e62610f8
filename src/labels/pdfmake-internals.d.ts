// Types for the two pdfmake 0.3 internals the Thai text helper uses (the package has no `exports` map,
// so these paths resolve; they are CommonJS with `exports.default`, hence the `default` member).
declare module 'pdfmake/js/TextBreaker.js' {
  interface BrokenWord {
    text: string;
    lineEnd?: boolean;
    noNewLine?: boolean;
  }
  class TextBreaker {
    getBreaks(texts: unknown, styleContextStack: unknown): BrokenWord[];
  }
  const mod: { default: typeof TextBreaker };
  export default mod;
}

declare module 'pdfmake/js/PDFDocument.js' {
  interface PdfKitFont {
    widthOfString(text: string, size: number, features?: unknown): number;
    lineHeight(size: number, includeGap?: boolean): number;
    ascender: number;
    descender: number;
  }
  class PDFDocument {
    constructor(fonts: Record<string, Record<string, string>>, images?: object, patterns?: object, attachments?: object, options?: object);
    provideFont(familyName: string, bold: boolean, italics: boolean): PdfKitFont;
  }
  const mod: { default: typeof PDFDocument };
  export default mod;
}

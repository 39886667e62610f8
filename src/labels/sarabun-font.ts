import { createRequire } from 'node:module';

/**
 * Sarabun (= TH Sarabun New, SIL Open Font License 1.1, see labels/fonts/OFL.txt), read at run time
 * from the npm package `@expo-google-fonts/sarabun`: TTF, because fontkit cannot read its woff2.
 */
const require = createRequire(import.meta.url);

export const SARABUN = 'Sarabun';

export const SARABUN_FILES = {
  normal: require.resolve('@expo-google-fonts/sarabun/400Regular/Sarabun_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/sarabun/700Bold/Sarabun_700Bold.ttf'),
} as const;

/** The pdfmake font dictionary: no italics in a label, so the upright faces stand in for them. */
export function sarabunFontDictionary() {
  return {
    [SARABUN]: {
      normal: SARABUN_FILES.normal,
      bold: SARABUN_FILES.bold,
      italics: SARABUN_FILES.normal,
      bolditalics: SARABUN_FILES.bold,
    },
  };
}

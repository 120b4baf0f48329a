// The few words paiban itself writes into a book, in the book's language.

export interface Labels {
  toc: string;
  landmarks: string;
  notes: string;
  backToText: (n: number) => string;
  accessibilitySummary: string;
}

const HANT: Labels = {
  toc: '目錄',
  landmarks: '導覽',
  notes: '註釋',
  backToText: (n) => `返回正文第 ${n} 處`,
  accessibilitySummary: '本書為純文字電子書，具有目錄與章節標題導覽，閱讀順序與版面順序一致。',
};

const HANS: Labels = {
  toc: '目录',
  landmarks: '导览',
  notes: '注释',
  backToText: (n) => `返回正文第 ${n} 处`,
  accessibilitySummary: '本书为纯文字电子书，具有目录与章节标题导览，阅读顺序与版面顺序一致。',
};

/** zh-Hans, zh-CN and zh-SG books get simplified labels; every other book traditional ones. */
export function labelsFor(language: string): Labels {
  return /^zh-(Hans|CN|SG)\b/i.test(language) ? HANS : HANT;
}

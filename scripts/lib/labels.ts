// The few words paiban itself writes into a book, in the book's language.

export interface Labels {
  toc: string;
  cover: string;
  titlePage: string;
  copyrightPage: string;
  /** Field names of the copyright page (版權頁), in its order. */
  imprint: { title: string; author: string; publisher: string; date: string; source: string; identifier: string; rights: string; producer: string };
  /** A date as the language writes it: 2025年2月22日. */
  date: (isoDate: string) => string;
  landmarks: string;
  notes: string;
  backToText: (n: number) => string;
  accessibilitySummary: string;
}

const chineseDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

const HANT: Labels = {
  toc: '目錄',
  cover: '封面',
  titlePage: '書名頁',
  copyrightPage: '版權頁',
  imprint: { title: '書名', author: '作者', publisher: '出版', date: '出版日期', source: '原載', identifier: '識別碼', rights: '版權', producer: '排版' },
  date: chineseDate,
  landmarks: '導覽',
  notes: '註釋',
  backToText: (n) => `返回正文第 ${n} 處`,
  accessibilitySummary: '本書為純文字電子書，具有目錄與章節標題導覽，閱讀順序與版面順序一致。',
};

const HANS: Labels = {
  toc: '目录',
  cover: '封面',
  titlePage: '书名页',
  copyrightPage: '版权页',
  imprint: { title: '书名', author: '作者', publisher: '出版', date: '出版日期', source: '原载', identifier: '识别码', rights: '版权', producer: '排版' },
  date: chineseDate,
  landmarks: '导览',
  notes: '注释',
  backToText: (n) => `返回正文第 ${n} 处`,
  accessibilitySummary: '本书为纯文字电子书，具有目录与章节标题导览，阅读顺序与版面顺序一致。',
};

/** zh-Hans, zh-CN and zh-SG books get simplified labels; every other book traditional ones. */
export function labelsFor(language: string): Labels {
  return /^zh-(Hans|CN|SG)\b/i.test(language) ? HANS : HANT;
}

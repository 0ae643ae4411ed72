// isStopWord: a normalized word in → whether it is question or function noise a search should not require.
// Readers type questions ("习近平哪天赴旧金山…", "…讲了什么"), and an article answering them rarely contains the question
// words. The engine drops these from a term's words so they never make a query fail (and keeps them when nothing
// else is left). Entries are normalized Simplified forms, the way the analyzer hands words over. The list is short
// on purpose: every word here becomes unsearchable inside longer queries, so only words that are noise in a question
// belong in it.

const GROUPS: readonly (readonly string[])[] = [
  // Sentence-final particles and interjections of a question.
  ['吗', '呢', '吧', '啊', '呀', '嘛', '么'],
  // Interrogatives: what / how / why / who / where / when / how many. The answer is in the article, never the word.
  ['什么', '啥', '怎么', '怎样', '怎么样', '如何', '为什么', '为何', '谁', '多少', '几', '多久'],
  ['哪', '哪里', '哪儿', '哪天', '哪年', '哪些', '哪个', '何时', '何地', '什么时候', '几时'],
  // Yes/no question frames: 是否…, 有没有…, 是不是…, 能否….
  ['是否', '是不是', '有没有', '能否', '可否', '会不会'],
  // Structural and aspect particles, the copula and the commonest conjunctions and prepositions: they glue a
  // question together, and a news article says the same thing in other words.
  ['的', '地', '得', '了', '着', '过', '之', '是', '在', '和', '与', '及', '以及', '或', '或者', '跟', '同', '对', '把', '被'],
  // Requests and politeness: "请问…", "查一下…", "我想知道…".
  ['请问', '请', '一下', '我想', '想知道', '知道', '告诉', '我', '你', '您'],
];

const STOP_WORDS: ReadonlySet<string> = new Set(GROUPS.flat());

/** True for a question or function word (given normalized: NFKC, lower-case, Simplified). */
export function isStopWord(term: string): boolean {
  return STOP_WORDS.has(term);
}

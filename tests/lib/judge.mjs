// tests/lib/judge.mjs: how well one ranked list of results answers one
// judged query (tests/queries/README.md), as tests/relevance.mjs and
// bench/relevance.mjs both measure it.
//
// list is the products shown, best first; relevant those a buyer wants
// (recall is over them); acceptable those not wrong to show. Gives
//   p5      of the first k = min(5, |list|), those relevant or acceptable
//           / k; 0 when the list is empty
//   recall  relevant products in the list / relevant products; null when
//           none is relevant
//   first   1 when the first result is relevant or acceptable, else 0
//   none    the list is empty
export function judge(list, relevant, acceptable = []) {
  const good = new Set([...relevant, ...acceptable]);
  const k = Math.min(5, list.length);
  const p5 = k ? list.slice(0, k).filter((s) => good.has(s)).length / k : 0;
  const recall = relevant.length ? relevant.filter((s) => list.includes(s)).length / relevant.length : null;
  const first = list.length && good.has(list[0]) ? 1 : 0;
  return { p5, recall, first, none: list.length === 0 };
}

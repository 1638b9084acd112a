// DAP hit conditions: "5" (exactly the 5th hit), ">= 3", "> 3", "< 3", "<= 3", "== 3", "% 2"
// (every 2nd hit). Hits are counted in time order from the start of the recording, so whether a
// hit qualifies never depends on how the cursor got there.
import { ReplayError } from './errors';

export type HitCondition = (hitOrdinal: number) => boolean;

export function parseHitCondition(text: string | undefined): HitCondition | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const match = /^\s*(>=|<=|==|=|>|<|%)?\s*(\d+)\s*$/.exec(text);
  if (!match)
    throw new ReplayError(`hit condition "${text}" is not understood (use 5, >= 5, > 5, < 5, <= 5, == 5 or % 5)`);
  const count = Number(match[2]);
  switch (match[1]) {
    case '>=':
      return (hit) => hit >= count;
    case '<=':
      return (hit) => hit <= count;
    case '>':
      return (hit) => hit > count;
    case '<':
      return (hit) => hit < count;
    case '%':
      return (hit) => count > 0 && hit % count === 0;
    default:
      return (hit) => hit === count;
  }
}

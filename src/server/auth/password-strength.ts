import 'server-only';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { dictionary as englishDictionary, translations } from '@zxcvbn-ts/language-en';

/**
 * Password strength: length alone admitted `aaaaaaaaaaaa` and `password1234`. zxcvbn-ts estimates
 * how many guesses a password takes (common passwords, English words and names, keyboard walks,
 * repeats, dates, the user's own email and name); a password must score at least MIN_SCORE of 4,
 * "safely unguessable" (about 10^10 guesses), besides 12 to 128 characters.
 */

const MIN_SCORE = 3;

let factory: ZxcvbnFactory | undefined;

/** Built on first use: the dictionaries take ~100 ms to load, which only password changes should pay. */
function estimator(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({ translations, graphs: adjacencyGraphs, dictionary: { ...commonDictionary, ...englishDictionary } });
  return factory;
}

/** null when the password is strong enough; otherwise what to tell the person choosing it. */
export function passwordWeakness(password: string, userInputs: string[] = []): string | null {
  const result = estimator().check(password.slice(0, 128), userInputs.flatMap((input) => [input, ...input.split(/[@.\s_-]+/)]).filter(Boolean));
  if (result.score >= MIN_SCORE) return null;
  const why = result.feedback.warning ? `${result.feedback.warning.replace(/\.$/, '')}. ` : '';
  return `This password is too easy to guess. ${why}Use a few unrelated words or a longer mix of characters.`;
}

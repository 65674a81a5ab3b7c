import type { z } from 'zod';

/**
 * The one translation of zod's own issues into sentences a person understands, naming the field
 * the way its form does ("Enter the shop's app key.", "Must be at most 200 characters."). It is
 * passed as the per-parse error map (`safeParse(value, { error })`), which zod consults only when
 * the schema gave no message of its own: a schema's hand-written sentence always wins, and this
 * replaces zod's defaults ("Invalid input: expected string, received undefined") everywhere at once.
 */

/** How sentences name each field, keyed by the field's name as forms name their inputs: `{ appKey: "the shop's app key" }`. */
export type FieldLabels = Readonly<Record<string, string>>;

/** The key field errors are filed under: the last named step of the path (forms name inputs by it), or "form". */
export function fieldKey(path: readonly PropertyKey[]): string {
  return path.filter((part): part is string => typeof part === 'string').at(-1) ?? 'form';
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const isBlank = (input: unknown) => input === undefined || input === null || (typeof input === 'string' && input.trim() === '');
const count = (n: number | bigint, one: string, many: string) => `${n} ${Number(n) === 1 ? one : many}`;

type Issue = z.core.$ZodRawIssue;

const FORMATS: Record<string, string> = {
  email: 'Enter an email address such as name@example.com.',
  url: 'Enter a web address starting with https://.',
  datetime: 'Enter a date and time such as 2026-12-31T23:59:00Z.',
  date: 'Enter a date such as 2026-12-31.',
  uuid: 'This is not a valid identifier; reload the page and try again.',
};

function tooSmall(issue: Issue & { code: 'too_small' }, label: string | undefined): string {
  const min = issue.minimum;
  switch (issue.origin) {
    case 'string':
      return Number(min) <= 1 ? (label ? `Enter ${label}.` : 'Fill in this field.') : `Must be at least ${count(min, 'character', 'characters')}.`;
    case 'array':
    case 'set':
      return `Choose at least ${min}.`;
    default:
      return issue.inclusive === false ? `Must be more than ${min}.` : `Must be at least ${min}.`;
  }
}

function tooBig(issue: Issue & { code: 'too_big' }): string {
  const max = issue.maximum;
  switch (issue.origin) {
    case 'string':
      return `Must be at most ${count(max, 'character', 'characters')}.`;
    case 'array':
    case 'set':
      return `Choose at most ${max}.`;
    default:
      return issue.inclusive === false ? `Must be less than ${max}.` : `Must be at most ${max}.`;
  }
}

function invalidType(issue: Issue & { code: 'invalid_type' }, label: string | undefined): string {
  if (isBlank(issue.input) && issue.expected !== 'boolean') return label ? `Enter ${label}.` : 'Fill in this field.';
  switch (issue.expected) {
    case 'int':
      return 'Enter a whole number.';
    case 'number':
    case 'bigint':
      return 'Enter a number.';
    case 'boolean':
      return label ? `Choose whether ${label} is on or off.` : 'Choose on or off.';
    case 'date':
      return FORMATS.date!;
    default:
      return label ? `${capitalize(label)} is not in the expected form.` : 'This value is not in the expected form.';
  }
}

/** The sentence for one issue; `label` is how the sentence names the field (lower case, with its article). */
function issueSentence(issue: Issue, label?: string): string {
  switch (issue.code) {
    case 'invalid_type':
      return invalidType(issue, label);
    case 'too_small':
      return tooSmall(issue, label);
    case 'too_big':
      return tooBig(issue);
    case 'invalid_format':
      return FORMATS[issue.format] ?? (label ? `${capitalize(label)} is not in the expected form.` : 'This value is not in the expected form.');
    case 'invalid_value':
      if (isBlank(issue.input)) return label ? `Choose ${label}.` : 'Choose one of the options.';
      return `Choose one of: ${issue.values.map(String).join(', ')}.`;
    case 'not_multiple_of':
      return issue.divisor === 1 ? 'Enter a whole number.' : `Must be a multiple of ${issue.divisor}.`;
    case 'unrecognized_keys':
      return 'This form sent fields the panel does not know; reload the page and try again.';
    default:
      return label ? `Check ${label}.` : 'Check this value.';
  }
}

/** The per-parse error map for a schema whose fields are named by `labels`. */
export function sentencesFor(labels: FieldLabels = {}): z.core.$ZodErrorMap {
  return (issue) => issueSentence(issue, labels[fieldKey(issue.path ?? [])]);
}

const GREETING = /^(hi|hello|hey|yo|hiya|help|\?|thanks|thank you|ping)[\s!.?]*$/i;

/** The question without bot mentions and surrounding whitespace. */
export function questionFromSlackText(text: string): string {
  return text
    .replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Greetings and `help` are answered without an investigation. */
export function isGreetingOrHelp(question: string): boolean {
  return question === '' || GREETING.test(question);
}

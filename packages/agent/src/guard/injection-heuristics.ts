/*
 * Prompt-injection heuristics. They run on every question and every tool
 * result, with or without a model, so they must be cheap and specific: an
 * incident question that merely mentions "instructions" or "system" must pass.
 * Each rule names the attack it catches; a match is a signal, not a verdict.
 */

export type InjectionSignal =
  | 'ignore_instructions'
  | 'prompt_exfiltration'
  | 'role_override'
  | 'jailbreak'
  | 'fake_chat_markup'
  | 'addresses_assistant'
  | 'tool_abuse'
  | 'encoded_instructions';

interface Rule {
  signal: InjectionSignal;
  pattern: RegExp;
}

const rules: Rule[] = [
  {
    signal: 'ignore_instructions',
    pattern:
      /\b(?:ignore|disregard|forget|override|bypass|skip)\b[\s\S]{0,40}?\b(?:all |any |the |your |my |these |those )*(?:previous|prior|above|earlier|preceding|original|initial|system|safety)\b[\s\S]{0,20}?\b(?:instructions?|rules?|prompts?|directions?|guidelines?|constraints?)\b/i,
  },
  { signal: 'ignore_instructions', pattern: /\b(?:new|updated|real|actual) instructions?\s*:/i },
  {
    signal: 'prompt_exfiltration',
    pattern:
      /\b(?:reveal|print|show|display|repeat|output|dump|leak|tell me|give me|write out|what (?:is|are))\b[\s\S]{0,30}?\b(?:your|the|its)\s+(?:system|initial|hidden|original|developer|secret)\s+(?:prompt|instructions?|message|rules)\b/i,
  },
  {
    signal: 'prompt_exfiltration',
    pattern:
      /\b(?:api[ _-]?keys?|credentials|passwords?|secrets?|tokens?)\b[\s\S]{0,40}?\b(?:you (?:have|were given|can see)|in your (?:context|prompt|configuration))\b/i,
  },
  {
    signal: 'role_override',
    pattern:
      /\byou are now\b|\bfrom now on,? you\b|\byou (?:must|will) now (?:act|behave|respond)\b/i,
  },
  {
    signal: 'role_override',
    pattern:
      /\b(?:act as|pretend (?:to be|you are)|role-?play as|impersonate)\b[\s\S]{0,40}?\b(?:unrestricted|unfiltered|evil|jailbroken|different|new|another|an? (?:ai|assistant|model|system)|admin(?:istrator)?|root|developer)\b/i,
  },
  {
    signal: 'jailbreak',
    pattern:
      /\b(?:DAN|do anything now|developer mode|jailbreak|jailbroken|no (?:restrictions|filters|rules|limits)|without (?:any )?(?:restrictions|filters|safety))\b/i,
  },
  {
    signal: 'fake_chat_markup',
    pattern:
      /<\|(?:im_start|im_end|system|assistant|user|endoftext)\|>|\[\/?INST\]|<\/?(?:system|assistant|instructions?)>|^\s*#{0,3}\s*(?:system|assistant)\s*(?:prompt)?\s*:/im,
  },
  {
    signal: 'addresses_assistant',
    pattern:
      /\b(?:dear |hey |attention,? )?(?:ai|llm|assistant|chat ?bot|chatgpt|claude|gpt|language model|ai agent|rca agent|investigator)\b\s*[,:!-]\s*(?:please\s+)?(?:ignore|run|execute|call|delete|drop|send|reply|respond|say|tell|report|conclude|stop|disregard|forget|output|print|mark)\b/i,
  },
  {
    signal: 'addresses_assistant',
    pattern: /\bif you are an? (?:ai|llm|assistant|language model|agent|bot)\b/i,
  },
  {
    signal: 'addresses_assistant',
    pattern:
      /\b(?:note|message|instruction)s? (?:to|for) (?:the )?(?:ai|llm|assistant|model|agent|investigator)\b/i,
  },
  {
    signal: 'tool_abuse',
    pattern:
      /\b(?:call|invoke|use|run|execute)\b[\s\S]{0,20}?\b(?:the )?(?:tools?|function|command|shell|curl|wget)\b[\s\S]{0,60}?\b(?:delete|drop|rm -rf|exfiltrate|upload|send (?:it|them|everything|the (?:data|logs|results|secrets)))\b/i,
  },
  {
    signal: 'tool_abuse',
    pattern: /\b(?:exfiltrate|send (?:all |the )?(?:data|logs|secrets|keys|tokens) to)\b/i,
  },
];

// Long runs of base64 may hide instructions from the rules above.
const BASE64_RUN = /[A-Za-z0-9+/]{40,}={0,2}/g;

function decodedBase64Runs(text: string): string[] {
  const decoded: string[] = [];
  for (const match of text.matchAll(BASE64_RUN)) {
    const raw = match[0];
    if (raw.length % 4 === 1) continue;
    const text = Buffer.from(raw, 'base64').toString('utf8');
    // Mostly printable text means it was words, not binary data or a hash.
    const printable = text.replace(/[^\x20-\x7e\n\t]/g, '').length;
    if (text.length >= 20 && printable / text.length > 0.9) decoded.push(text);
    if (decoded.length >= 5) break;
  }
  return decoded;
}

/** The injection signals found in a piece of text (empty when it looks clean). */
export function scanForInjection(text: string): InjectionSignal[] {
  const found = new Set<InjectionSignal>();
  for (const rule of rules) if (rule.pattern.test(text)) found.add(rule.signal);
  for (const decoded of decodedBase64Runs(text)) {
    if (rules.some((rule) => rule.pattern.test(decoded))) found.add('encoded_instructions');
  }
  return [...found];
}

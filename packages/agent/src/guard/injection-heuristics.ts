import {
  decodedBase64Runs,
  hasInvisibleSplit,
  hasMixedScriptWord,
  readingsOf,
  squash,
} from './normalize-text.js';

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
  | 'encoded_instructions'
  | 'obfuscated_instructions';

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
      /\b(?:DAN|do anything now|(?:enable|activate|enter|switch to|turn on) developer mode|developer mode (?:enabled|on|activated)|jailbreak|jailbroken|no (?:restrictions|filters|rules|limits)|without (?:any )?(?:restrictions|filters|safety))\b/i,
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
  // The same attacks in the languages an on-call team may write in.
  {
    signal: 'ignore_instructions',
    pattern:
      /\b(?:ignorier\w*|vergiss|missachte\w*)\b[\s\S]{0,40}?\b(?:vorherigen?|bisherigen?|obigen?|alle[nr]?|system)\w*\b[\s\S]{0,20}?\b(?:anweisungen|regeln|instruktionen|vorgaben)\b/i,
  },
  {
    signal: 'ignore_instructions',
    pattern:
      /\b(?:ignor[ae]\w*|olvid[ae]\w*|ignorez|ignore[rz]?|oubliez|oublie|dimentica\w*|esque[cç]a\w*)\b[\s\S]{0,40}?\b(?:instrucc?i[oó]n\w*|instructions?|istruzion\w*|instru[cç][oõ]\w*|reglas|r[eè]gles|regole|regras|consignes)\b/i,
  },
  {
    signal: 'ignore_instructions',
    pattern:
      /(?:игнорируй|игнорировать|забудь|проигнорируй)[\s\S]{0,40}?(?:инструкци|правил|указани)/i,
  },
  {
    signal: 'ignore_instructions',
    pattern: /(?:忽略|无视|忘记|忽視)[\s\S]{0,12}?(?:指令|指示|规则|規則|提示)/,
  },
  {
    signal: 'ignore_instructions',
    pattern: /(?:以前|前|上記)の[\s\S]{0,8}?(?:指示|命令|ルール)[\s\S]{0,8}?(?:無視|忘れ)/,
  },
  {
    signal: 'prompt_exfiltration',
    pattern:
      /\b(?:zeige?|gib|verrate|muestra|revela|montre|r[ée]v[èe]le|mostra|rivela)\b[\s\S]{0,30}?\b(?:system-?prompt|prompt (?:del |du )?sist\w+|prompt syst[èe]me|systemanweisungen)\b/i,
  },
  {
    signal: 'prompt_exfiltration',
    pattern: /(?:系统提示|系統提示|システムプロンプト|системн\S* (?:промпт|подсказк|инструкци))/i,
  },
];

/*
 * Patterns over the squashed text (letters only, lowercased): they see
 * through spacing, punctuation and split words ("ig-nore prev ious
 * instruc tions"), at the price of ignoring word boundaries, so a match
 * here is only suspicious: the classifier decides, and a classifier that
 * fails blocks it.
 */
const squashedRules: Array<{ signal: InjectionSignal; pattern: RegExp }> = [
  {
    signal: 'ignore_instructions',
    pattern:
      /(?:ignore|disregard|forget|override|bypass)(?:all|any|the|your|my|these|of)*(?:previous|prior|above|earlier|preceding|original|initial|system|safety)(?:instructions?|rules|prompts?|directions|guidelines|constraints)/,
  },
  {
    signal: 'prompt_exfiltration',
    pattern:
      /(?:reveal|print|show|display|repeat|output|dump|leak|tellme|giveme)(?:me)?(?:your|the|its)(?:system|initial|hidden|original|developer|secret)(?:prompt|instructions?)/,
  },
  {
    signal: 'role_override',
    pattern:
      /youarenow(?:dan|an?(?:unrestricted|unfiltered|evil|jailbroken))|fromnowonyou(?:are|will|must)/,
  },
  {
    signal: 'jailbreak',
    pattern: /doanythingnow|developermode(?:enabled|on|activated)|enabledevelopermode|jailbreak/,
  },
];

/** Signals the squashed reading raises (see `squashedRules`). */
function squashedSignals(readings: string[]): InjectionSignal[] {
  const found = new Set<InjectionSignal>();
  for (const reading of readings) {
    const flat = squash(reading);
    for (const rule of squashedRules) if (rule.pattern.test(flat)) found.add(rule.signal);
  }
  return [...found];
}

/** The injection signals found in a piece of text (empty when it looks clean). */
export function scanForInjection(text: string): InjectionSignal[] {
  return assessInjection(text).signals;
}

export interface InjectionAssessment {
  /** Signals strong enough to block on their own. */
  signals: InjectionSignal[];
  /**
   * Weaker signals (squashed text, disguise markers): not enough to block,
   * enough to ask the classifier and to block when it cannot answer.
   */
  suspicious: InjectionSignal[];
}

/**
 * Reads the text as written and in every normalised reading
 * (`readingsOf`: NFKC, homoglyphs, spacing, leetspeak, URL/HTML/base64) and
 * runs the rules on each. A rule that only matches a decoded or unfolded
 * reading also raises `encoded_instructions` / `obfuscated_instructions`.
 */
export function assessInjection(text: string): InjectionAssessment {
  const found = new Set<InjectionSignal>();
  const plain = readingsOf(text);
  const base64 = new Set(decodedBase64Runs(text));
  for (const rule of rules) {
    if (rule.pattern.test(text)) {
      found.add(rule.signal);
      continue;
    }
    const hit = plain.find((reading) => rule.pattern.test(reading));
    if (hit === undefined) continue;
    found.add(rule.signal);
    found.add(
      base64.has(hit) || /%[0-9a-f]{2}|&#/i.test(text)
        ? 'encoded_instructions'
        : 'obfuscated_instructions',
    );
  }
  const suspicious = new Set<InjectionSignal>();
  if (found.size === 0) {
    for (const signal of squashedSignals(plain)) suspicious.add(signal);
    if (suspicious.size > 0 && (hasMixedScriptWord(text) || hasInvisibleSplit(text))) {
      suspicious.add('obfuscated_instructions');
    }
  }
  return { signals: [...found], suspicious: [...suspicious] };
}

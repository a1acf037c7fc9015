interface Rule {
  allow: boolean;
  pattern: string;
  regex: RegExp;
}

interface Group {
  agents: string[];
  rules: Rule[];
  crawlDelaySeconds: number | null;
}

/** The rules of one robots.txt that apply to one user-agent token. */
export interface RobotsPolicy {
  isAllowed(pathAndQuery: string): boolean;
  /** Crawl-delay for our agent (non-standard, but widely used by sites that want it), or null. */
  crawlDelayMs: number | null;
}

export const allowAll: RobotsPolicy = { isAllowed: () => true, crawlDelayMs: null };
export const disallowAll: RobotsPolicy = { isAllowed: () => false, crawlDelayMs: null };

function patternToRegex(pattern: string): RegExp {
  const anchored = pattern.endsWith('$');
  const body = anchored ? pattern.slice(0, -1) : pattern;
  const source = body
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}${anchored ? '$' : ''}`);
}

// Paths compare in their percent-encoded form (RFC 9309 §2.2.2); normalise both sides the same way.
function normalisePath(path: string): string {
  try {
    return encodeURI(decodeURI(path));
  } catch {
    return path;
  }
}

function parseGroups(text: string): Group[] {
  const groups: Group[] = [];
  let current: Group | null = null;
  let lastWasAgent = false;
  for (const rawLine of text.split(/\r\n|\r|\n/)) {
    const line = rawLine.replace(/#.*$/, '').trim();
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const field = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (field === 'user-agent') {
      // Consecutive user-agent lines share one group.
      if (!current || !lastWasAgent) {
        current = { agents: [], rules: [], crawlDelaySeconds: null };
        groups.push(current);
      }
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
      continue;
    }
    lastWasAgent = false;
    if (!current) continue;
    if (field === 'allow' || field === 'disallow') {
      // An empty Disallow allows everything; an empty Allow says nothing.
      if (value === '') continue;
      const pattern = normalisePath(value);
      current.rules.push({ allow: field === 'allow', pattern, regex: patternToRegex(pattern) });
    } else if (field === 'crawl-delay') {
      const seconds = Number(value);
      if (Number.isFinite(seconds) && seconds >= 0) current.crawlDelaySeconds = seconds;
    }
  }
  return groups;
}

/**
 * Reads robots.txt per RFC 9309: the group whose user-agent token matches ours (else `*`), the longest matching
 * rule wins and Allow wins a tie; `/robots.txt` itself is always allowed.
 */
export function parseRobotsTxt(text: string, userAgentToken: string): RobotsPolicy {
  const token = userAgentToken.toLowerCase();
  const groups = parseGroups(text);
  const own = groups.filter((group) => group.agents.some((agent) => agent !== '*' && token.includes(agent)));
  const chosen = own.length > 0 ? own : groups.filter((group) => group.agents.includes('*'));
  const rules = chosen.flatMap((group) => group.rules);
  const delays = chosen.map((group) => group.crawlDelaySeconds).filter((delay): delay is number => delay !== null);
  return {
    crawlDelayMs: delays.length > 0 ? Math.max(...delays) * 1000 : null,
    isAllowed(pathAndQuery: string): boolean {
      const path = normalisePath(pathAndQuery);
      if (path === '/robots.txt') return true;
      let best: Rule | null = null;
      for (const rule of rules) {
        if (!rule.regex.test(path)) continue;
        if (!best || rule.pattern.length > best.pattern.length || (rule.pattern.length === best.pattern.length && rule.allow)) {
          best = rule;
        }
      }
      return best ? best.allow : true;
    },
  };
}

import { parseArgs } from 'node:util';
import { loadSettings } from '../config';
import { callerClaims } from './caller';
import { issueToken, tokenKeys } from './tokens';

const HELP = `hub token — print a signed token (HS256) for one caller, with HUB_JWT_SECRET or, when it is
not set, the development hub's secret (data/dev-secret, created by the first start or by this command)

  --role admin|district|department|analyst   (required)
  --district 120101                          (role district)
  --dept human-resources|disability          (role department)
  --sub NAME                                 token subject (default: the role)
  --ttl 8h                                   lifetime: 30m, 8h (default 8h; at most HUB_MAX_TOKEN_TTL)
`;

function seconds(ttl: string): number {
  const m = /^(\d+)([smhd])$/.exec(ttl);
  if (!m) throw new Error(`--ttl ${ttl}: write a number and s, m, h or d`);
  return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

/** `hub token --role district --district 120101`: the token a client sends as a bearer token. */
export async function tokenCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      role: { type: 'string' },
      district: { type: 'string' },
      dept: { type: 'string' },
      sub: { type: 'string' },
      ttl: { type: 'string', default: '8h' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const claims = callerClaims.safeParse({ role: values.role, sub: values.sub ?? values.role, district: values.district, dept: values.dept });
  if (!claims.success) {
    process.stderr.write(`${claims.error.issues.map((i) => `${i.path.join('.') || 'role'}: ${i.message}`).join('\n')}\n\n${HELP}`);
    return 2;
  }
  const settings = loadSettings();
  const ttl = seconds(values.ttl as string);
  if (ttl > settings.HUB_MAX_TOKEN_TTL) {
    process.stderr.write(`--ttl ${values.ttl}: the hub accepts tokens living at most ${settings.HUB_MAX_TOKEN_TTL} s (HUB_MAX_TOKEN_TTL)\n`);
    return 2;
  }
  const keys = tokenKeys(settings);
  // A secret made up for this process alone would sign tokens no hub accepts.
  if (!keys.secret || keys.ephemeral) {
    process.stderr.write(`set HUB_JWT_SECRET (the secret the hub verifies tokens with) to sign a token${settings.NODE_ENV === 'development' ? '' : ` (NODE_ENV=${settings.NODE_ENV} has no development secret)`}\n`);
    return 2;
  }
  if (keys.secretFile) process.stderr.write(`signed with the development secret in ${keys.secretFile}\n`);
  process.stdout.write(`${await issueToken(claims.data, keys, ttl)}\n`);
  return 0;
}

/** AWS, Google Cloud and Azure credentials. */
import { forEachMatch, re } from '../registry.ts';
import { ilit, lit } from '../triggers.ts';
import type { Detector } from '../types.ts';
import { charClasses } from '../validators.ts';

// Access key ids: long-term (AKIA), temporary (ASIA), and the rarer prefixes (gitleaks aws-access-token).
const AWS_KEY_ID = re(
  'aws.access_key_id',
  /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}(?![A-Za-z0-9])/g,
);

// Secret keys are 40 base64 characters with no fixed prefix, so only trusted in context:
// next to a secret-key name (credentials files, env, JSON, CLI) …
const AWS_SECRET_NAMED = re(
  'aws.secret_key.named',
  /(?<![A-Za-z0-9])(?:aws_?)?secret_?access_?key(?:_?id)?["']?(?:\s{0,4}[:=]\s{0,4}|\s{1,4})["']?[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/gi,
);
// … or right after an access key id (CSV exports, `aws configure` transcripts, "id / secret").
const AWS_SECRET_AFTER_ID = re(
  'aws.secret_key.after_id',
  /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}[\s,;:|"'/]{1,8}[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
);

const GCP_API_KEY = re('gcp.api_key', /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g);

// Azure storage / service-bus connection strings and SAS signatures.
const AZURE_CONN = re(
  'azure.connection_key',
  /(?<![A-Za-z0-9])(?:AccountKey|SharedAccessKey|SharedAccessSignature|PrimaryKey|SecondaryKey)=([A-Za-z0-9+/%]{20,1024}={0,2})/g,
);
const AZURE_SAS_SIG = re('azure.sas_sig', /(?<=[?&;])sig=([A-Za-z0-9+/%]{20,512}={0,2})/g);
// Entra ID (Azure AD) client secrets: three chars, a digit, "Q~", then 31–34 chars.
const AZURE_CLIENT_SECRET = re(
  'azure.client_secret',
  /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/g,
);

/** A 40-char candidate is a secret key only if it mixes classes; 40 hex chars are a SHA-1. */
function secretShaped(v: string): boolean {
  const k = charClasses(v);
  return (k.lower && k.upper) || ((k.lower || k.upper) && k.digit && (v.includes('/') || v.includes('+')));
}

const KEY_ID_PREFIXES = ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'A3T'].map((p) => lit(p));
const SECRET = ilit('secret');
const ACCESS = ilit('access');
const AWS = ilit('aws');
const AIZA = lit('AIza');
const KEY_EQ = lit('Key=');
const SIGNATURE_EQ = lit('Signature=');
const SIG_EQ = lit('sig=');
const Q_TILDE = lit('Q~');

export const awsDetector: Detector = {
  id: 'aws',
  find({ text, triggers }, emit) {
    if (KEY_ID_PREFIXES.some((id) => triggers.has(id))) {
      forEachMatch(AWS_KEY_ID, text, (m) => {
        emit(m.index, m.index + m[0].length, 'AWS_ACCESS_KEY');
        return undefined;
      });
      forEachMatch(AWS_SECRET_AFTER_ID, text, (m) => {
        const end = m.index + m[0].length;
        if (secretShaped(text.slice(end - 40, end))) emit(end - 40, end, 'AWS_SECRET_KEY');
        return undefined;
      });
    }
    if (triggers.has(SECRET) && (triggers.has(ACCESS) || triggers.has(AWS))) {
      forEachMatch(AWS_SECRET_NAMED, text, (m) => {
        const end = m.index + m[0].length;
        emit(end - 40, end, 'AWS_SECRET_KEY');
        return undefined;
      });
    }
  },
};

export const gcpDetector: Detector = {
  id: 'gcp',
  find({ text, triggers }, emit) {
    if (!triggers.has(AIZA)) return;
    forEachMatch(GCP_API_KEY, text, (m) => {
      emit(m.index, m.index + m[0].length, 'GCP_API_KEY');
      return undefined;
    });
  },
};

export const azureDetector: Detector = {
  id: 'azure',
  find({ text, triggers }, emit) {
    if (triggers.has(KEY_EQ) || triggers.has(SIGNATURE_EQ)) {
      forEachMatch(AZURE_CONN, text, (m) => {
        const end = m.index + m[0].length;
        emit(end - m[1]!.length, end, 'AZURE_KEY');
        return undefined;
      });
    }
    if (triggers.has(SIG_EQ)) {
      forEachMatch(AZURE_SAS_SIG, text, (m) => {
        const end = m.index + m[0].length;
        emit(end - m[1]!.length, end, 'AZURE_KEY');
        return undefined;
      });
    }
    if (triggers.has(Q_TILDE)) {
      forEachMatch(AZURE_CLIENT_SECRET, text, (m) => {
        emit(m.index, m.index + m[0].length, 'AZURE_KEY');
        return undefined;
      });
    }
  },
};
